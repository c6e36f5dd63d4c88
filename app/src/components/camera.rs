//! Reading a ticket's QR code with the phone's camera, where the browser can
//! (the `BarcodeDetector` of Chrome on Android, Edge, Samsung Internet). The
//! code read is put into the scan form, which is then submitted as if a
//! handheld scanner had typed it: one path for every way in. The server
//! renders nothing here; the button appears once the page is live in a
//! browser that can use it, so the page makes sense without JavaScript.

use crate::i18n::tr;
use leptos::prelude::*;

/// Why the camera is not reading (only the browser finds out).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trouble {
    Unsupported,
    Denied,
}

/// The scan form the camera fills in and submits.
pub const SCAN_FORM_ID: &str = "scan-form";
/// The ticket field of that form.
pub const TICKET_INPUT_ID: &str = "ticket";

/// An island: the only part of the door page that runs in the browser.
#[island]
pub fn CameraScanner() -> impl IntoView {
    let (form_id, input_id) = (SCAN_FORM_ID, TICKET_INPUT_ID);
    // `None` until the browser has said what it can.
    let supported = RwSignal::new(None::<bool>);
    let running = RwSignal::new(false);
    let trouble = RwSignal::new(None::<Trouble>);
    let video = NodeRef::<leptos::html::Video>::new();

    let start = move || {
        trouble.set(None);
        running.set(true);
        #[cfg(feature = "hydrate")]
        browser::scan(video, running, trouble, form_id, input_id);
        #[cfg(not(feature = "hydrate"))]
        let _ = (video, form_id, input_id);
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let can = browser::supported();
        supported.set(Some(can));
        if !can {
            trouble.set(Some(Trouble::Unsupported));
        } else if browser::remembered() {
            // The camera was on before the last scan reloaded the page.
            start();
        }
    });
    let toggle = move |_| {
        if running.get_untracked() {
            running.set(false);
            #[cfg(feature = "hydrate")]
            browser::remember(false);
        } else {
            #[cfg(feature = "hydrate")]
            browser::remember(true);
            start();
        }
    };
    view! {
        <div class="camera">
            {move || (supported.get() == Some(true)).then(|| view! {
                <button type="button" class="button button-quiet" aria-pressed=move || running.get().to_string() on:click=toggle>
                    {move || if running.get() { tr("scanner.camera_stop") } else { tr("scanner.camera_start") }}
                </button>
            })}
            {move || trouble.get().map(|t| match t {
                Trouble::Unsupported => view! { <p class="muted small">{tr("scanner.camera_unsupported")}</p> }.into_any(),
                Trouble::Denied => view! { <p class="field-error" role="alert">{tr("scanner.camera_denied")}</p> }.into_any(),
            })}
            <video node_ref=video playsinline=true muted=true hidden=move || !running.get()></video>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Trouble;
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{HtmlFormElement, HtmlInputElement, HtmlVideoElement, MediaStream, MediaStreamTrack};

    /// Remembers for this tab that the camera is on, so the page after a scan turns it on again.
    const REMEMBER: &str = "leernet-camera";

    pub fn supported() -> bool {
        let Some(window) = web_sys::window() else { return false };
        Reflect::has(&window, &JsValue::from_str("BarcodeDetector")).unwrap_or(false)
            && window.navigator().media_devices().is_ok()
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    pub fn remembered() -> bool {
        storage().and_then(|s| s.get_item(REMEMBER).ok()?).as_deref() == Some("1")
    }

    pub fn remember(on: bool) {
        if let Some(s) = storage() {
            let _ = if on { s.set_item(REMEMBER, "1") } else { s.remove_item(REMEMBER) };
        }
    }

    /// Opens the back camera into `video` and reads frames until a QR code
    /// shows up (then submits it) or `running` turns false.
    pub fn scan(
        video: NodeRef<leptos::html::Video>,
        running: RwSignal<bool>,
        trouble: RwSignal<Option<Trouble>>,
        form_id: &'static str,
        input_id: &'static str,
    ) {
        leptos::task::spawn_local(async move {
            let Some(element) = video.get_untracked() else { return };
            let stream = match open(&element).await {
                Ok(stream) => stream,
                Err(_) => {
                    trouble.try_set(Some(Trouble::Denied));
                    running.try_set(false);
                    remember(false);
                    return;
                }
            };
            let Ok(detector) = detector() else {
                stop(&stream);
                trouble.try_set(Some(Trouble::Unsupported));
                running.try_set(false);
                return;
            };
            while running.try_get_untracked().unwrap_or(false) {
                // A frame that is not ready yet is no error: try the next one.
                if let Ok(Some(text)) = detect(&detector, &element).await {
                    stop(&stream);
                    submit(form_id, input_id, &text);
                    return;
                }
                sleep(200).await;
            }
            stop(&stream);
            element.set_src_object(None);
        });
    }

    async fn open(video: &HtmlVideoElement) -> Result<MediaStream, JsValue> {
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let devices = window.navigator().media_devices()?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let wanted = Object::new();
        Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
        constraints.set_video(&wanted);
        constraints.set_audio(&JsValue::FALSE);
        let stream: MediaStream =
            JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?.dyn_into()?;
        video.set_src_object(Some(&stream));
        JsFuture::from(video.play()?).await?;
        Ok(stream)
    }

    fn detector() -> Result<JsValue, JsValue> {
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let class: Function = Reflect::get(&window, &"BarcodeDetector".into())?.dyn_into()?;
        let options = Object::new();
        Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()))?;
        Reflect::construct(&class, &Array::of1(&options))
    }

    async fn detect(detector: &JsValue, video: &HtmlVideoElement) -> Result<Option<String>, JsValue> {
        let detect: Function = Reflect::get(detector, &"detect".into())?.dyn_into()?;
        let found: Array = JsFuture::from(detect.call1(detector, video)?.dyn_into::<Promise>()?).await?.dyn_into()?;
        Ok(found.iter().find_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string()))
    }

    fn stop(stream: &MediaStream) {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                track.stop();
            }
        }
    }

    fn submit(form_id: &str, input_id: &str, text: &str) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Some(input) = document.get_element_by_id(input_id).and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
            input.set_value(text);
        }
        if let Some(form) = document.get_element_by_id(form_id).and_then(|e| e.dyn_into::<HtmlFormElement>().ok()) {
            let _ = form.request_submit();
        }
    }

    async fn sleep(ms: i32) {
        let promise = Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = JsFuture::from(promise).await;
    }
}
