//! Reading a ticket's QR code with the camera of any phone or laptop. Where
//! the browser has a `BarcodeDetector` (Chrome on Android, Edge, Samsung
//! Internet) it reads the frames; elsewhere (Safari, Firefox, desktop
//! Chromium) the frames go through a canvas into the `rqrr` decoder compiled
//! into this island. The code read is put into the scan form, which is then
//! submitted with `requestSubmit()` as if a handheld scanner had typed it: one
//! path for every way in, and another island may answer the submit inline.
//!
//! The server renders the island's markup (no button until the browser has
//! said it has a camera), and rendering it is what allows the camera: only a
//! page that shows this island sends `Permissions-Policy: camera=(self)`, every
//! other page `camera=()` (see [`permissions_policy`]).

use crate::i18n::tr;
use domain::checkin::Tone;
use leptos::prelude::*;

/// The scan form the camera fills in and submits.
pub const SCAN_FORM_ID: &str = "scan-form";
/// The ticket field of that form.
pub const TICKET_INPUT_ID: &str = "ticket";

/// The `Permissions-Policy` of a response: no page may use the camera, the
/// microphone, the location, payment handlers or USB, except that a page
/// showing the camera scanner may use its own site's camera.
pub fn permissions_policy(camera: bool) -> String {
    let camera = if camera { "camera=(self)" } else { "camera=()" };
    format!("{camera}, microphone=(), geolocation=(), payment=(), usb=()")
}

/// The answer a result element shows (the page's own or the door script's):
/// its `data-answer` ([`Tone::code`]) when it has one, else its colour class.
pub fn tone_of_element(data_answer: Option<&str>, class: &str) -> Option<Tone> {
    const TONES: [Tone; 3] = [Tone::Welcome, Tone::Again, Tone::Stop];
    match data_answer {
        Some(value) => TONES.into_iter().find(|t| t.code() == value),
        None => {
            let classes: Vec<&str> = class.split_whitespace().collect();
            TONES.into_iter().find(|t| t.class().split_whitespace().all(|c| classes.contains(&c)))
        }
    }
}

/// Vibration pattern in milliseconds (on, off, on, ...) for an answer.
pub fn vibration(tone: Tone) -> &'static [u32] {
    match tone {
        Tone::Welcome => &[70],
        Tone::Again => &[70, 90, 70],
        Tone::Stop => &[250, 100, 250],
    }
}

/// Tones as (frequency in Hz, start in s, length in s): high for in, a
/// double for "already in", low and long for no.
pub fn beeps(tone: Tone) -> &'static [(f32, f64, f64)] {
    match tone {
        Tone::Welcome => &[(1320.0, 0.0, 0.12)],
        Tone::Again => &[(880.0, 0.0, 0.09), (880.0, 0.16, 0.09)],
        Tone::Stop => &[(220.0, 0.0, 0.45)],
    }
}

/// The same code in front of the camera is read many times a second; it is
/// sent once, and again only after it was out of sight for
/// [`RepeatGuard::QUIET_MS`]. The guard outlives the page load a scan causes
/// (kept in the tab's session storage), holding a hash of the code, not the code.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct RepeatGuard {
    last: Option<(u64, f64)>,
}

impl RepeatGuard {
    pub const QUIET_MS: f64 = 3000.0;

    /// Whether `text`, read at `now` (ms), is a new read to send.
    pub fn fresh(&mut self, text: &str, now: f64) -> bool {
        let hash = fnv1a(text);
        let repeat = self.last.is_some_and(|(seen, at)| seen == hash && (now - at).abs() < Self::QUIET_MS);
        // A code held in front of the camera keeps counting as the same read.
        self.last = Some((hash, now));
        !repeat
    }

    /// The guard as kept between pages.
    pub fn stored(&self) -> Option<String> {
        // Whole milliseconds: formatting and parsing floats would cost the wasm kilobytes.
        self.last.map(|(hash, at)| format!("{hash:016x} {}", at.max(0.0) as u64))
    }

    /// A guard kept by [`RepeatGuard::stored`]; anything else is an empty guard.
    pub fn restore(stored: &str) -> Self {
        let last = stored
            .split_once(' ')
            .and_then(|(hash, at)| Some((u64::from_str_radix(hash, 16).ok()?, at.parse::<u64>().ok()? as f64)));
        RepeatGuard { last }
    }
}

/// FNV-1a, 64 bits: enough to tell two ticket codes apart.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The text of the first QR code in an RGBA frame (as a canvas gives it).
#[cfg(any(feature = "hydrate", test))]
pub fn decode_rgba(rgba: &[u8], width: usize, height: usize) -> Option<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        // Luma (BT.601) in integers.
        ((u32::from(rgba[i]) * 77 + u32::from(rgba[i + 1]) * 150 + u32::from(rgba[i + 2]) * 29) >> 8) as u8
    });
    image.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// Why the camera is not reading (only the browser finds out).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trouble {
    Unsupported,
    Denied,
}

/// An island: the camera part of the door page.
#[island]
pub fn CameraScanner() -> impl IntoView {
    // Rendering the scanner is what lets this response use the camera.
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&permissions_policy(true))
    {
        options.insert_header(http::HeaderName::from_static("permissions-policy"), value);
    }
    let (form_id, input_id) = (SCAN_FORM_ID, TICKET_INPUT_ID);
    // `None` until the browser has said what it can.
    let supported = RwSignal::new(None::<bool>);
    let running = RwSignal::new(false);
    let trouble = RwSignal::new(None::<Trouble>);
    // `None`: the camera has no torch (or is off); else whether it is on.
    let torch = RwSignal::new(None::<bool>);
    let video = NodeRef::<leptos::html::Video>::new();

    let start = move || {
        trouble.set(None);
        running.set(true);
        #[cfg(feature = "hydrate")]
        browser::scan(browser::Scan { video, running, trouble, torch, form_id, input_id });
        #[cfg(not(feature = "hydrate"))]
        let _ = (video, form_id, input_id);
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // Right after a scan that loaded this page: its answer, felt and heard.
        if browser::just_scanned()
            && let Some(answer) = browser::answer_on_page()
        {
            browser::signal(answer);
        }
        // The door script (`/door.js`) answers scans without a page load and
        // says so with an event carrying the tone.
        browser::listen_for_answers();
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
            {
                browser::remember(true);
                // A tap is when a browser lets a page make sound.
                browser::unlock_audio();
            }
            start();
        }
    };
    let toggle_torch = move |_| {
        if let Some(on) = torch.get_untracked() {
            #[cfg(feature = "hydrate")]
            browser::set_torch(!on, torch);
            #[cfg(not(feature = "hydrate"))]
            let _ = on;
        }
    };
    view! {
        <div class="camera">
            {move || (supported.get() == Some(true)).then(|| view! {
                <div class="camera-controls">
                    <button type="button" class="button button-quiet camera-toggle" aria-pressed=move || running.get().to_string() on:click=toggle>
                        {tr("scanner.camera_start")}
                    </button>
                    {move || torch.get().map(|on| view! {
                        <button type="button" class="button button-quiet camera-toggle" aria-pressed=on.to_string() on:click=toggle_torch>
                            {tr("camera.torch")}
                        </button>
                    })}
                </div>
            })}
            {move || trouble.get().map(|t| match t {
                Trouble::Unsupported => view! { <p class="muted small">{tr("scanner.camera_unsupported")}</p> }.into_any(),
                Trouble::Denied => view! { <p class="field-error" role="alert">{tr("scanner.camera_denied")}</p> }.into_any(),
            })}
            <div class="camera-view" hidden=move || !running.get()>
                <video node_ref=video playsinline=true muted=true aria-label=tr("camera.video_label") aria-describedby="camera-hint"></video>
                <p class="muted small" id="camera-hint">{tr("camera.hint")}</p>
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{RepeatGuard, Trouble};
    use domain::checkin::Tone;
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        AudioContext, CanvasRenderingContext2d, HtmlCanvasElement, HtmlFormElement, HtmlInputElement, HtmlVideoElement,
        MediaStream, MediaStreamTrack,
    };

    /// Remembers for this tab that the camera is on, so the page after a scan turns it on again.
    const REMEMBER: &str = "leernet-camera";
    /// When the camera last submitted a code (ms since the epoch), so the page it loads signals its answer.
    const SCANNED: &str = "leernet-camera-scanned";
    /// What `/door.js` dispatches on the document with each answer it shows.
    const ANSWER_EVENT: &str = "leernet-door-answer";
    /// The [`RepeatGuard`] of this tab.
    const GUARD: &str = "leernet-camera-guard";
    /// A page loaded longer than this after the scan is not its answer.
    const SCANNED_WITHIN_MS: f64 = 15_000.0;
    /// Frames are read at most this wide or high: enough for a ticket held up
    /// to the camera, small enough to decode several times a second on a phone.
    const MAX_SIDE: f64 = 800.0;
    /// Pause between two reads.
    const READ_EVERY_MS: i32 = 120;

    thread_local! {
        /// Every start of the camera gets a number; a loop whose number is not the last one ends.
        static GENERATION: Cell<u32> = const { Cell::new(0) };
        /// The running camera's video track (for the torch).
        static TRACK: RefCell<Option<MediaStreamTrack>> = const { RefCell::new(None) };
        static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
    }

    pub struct Scan {
        pub video: NodeRef<leptos::html::Video>,
        pub running: RwSignal<bool>,
        pub trouble: RwSignal<Option<Trouble>>,
        pub torch: RwSignal<Option<bool>>,
        pub form_id: &'static str,
        pub input_id: &'static str,
    }

    fn has(target: &JsValue, name: &str) -> bool {
        Reflect::get(target, &JsValue::from_str(name)).is_ok_and(|v| !v.is_undefined() && !v.is_null())
    }

    /// A camera the page may ask for (a secure context with `getUserMedia`).
    pub fn supported() -> bool {
        let Some(window) = web_sys::window() else { return false };
        let navigator = window.navigator();
        Reflect::get(&navigator, &"mediaDevices".into()).is_ok_and(|devices| has(&devices, "getUserMedia"))
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

    /// Whether this page was loaded by a scan of the camera just now (asked once).
    pub fn just_scanned() -> bool {
        let Some(s) = storage() else { return false };
        let at = s.get_item(SCANNED).ok().flatten().and_then(|v| v.parse::<u64>().ok());
        let _ = s.remove_item(SCANNED);
        at.is_some_and(|at| (js_sys::Date::now() - at as f64).abs() < SCANNED_WITHIN_MS)
    }

    /// The answer the server rendered on this page, if any.
    pub fn answer_on_page() -> Option<Tone> {
        let element = web_sys::window()?.document()?.query_selector(".door-result").ok()??;
        super::tone_of_element(element.get_attribute("data-answer").as_deref(), &element.class_name())
    }

    /// Signals each answer the door script shows (event `leernet-door-answer`,
    /// its detail the tone's code). The scan it answered loaded no page, so
    /// the "just scanned" mark is spent here, not by a later reload.
    pub fn listen_for_answers() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            if let Some(s) = storage() {
                let _ = s.remove_item(SCANNED);
            }
            let detail = event.dyn_ref::<web_sys::CustomEvent>().and_then(|e| e.detail().as_string());
            if let Some(tone) = super::tone_of_element(detail.as_deref(), "") {
                signal(tone);
            }
        });
        let _ = document.add_event_listener_with_callback(ANSWER_EVENT, listener.as_ref().unchecked_ref());
        // The page lives as long as the listener: it is never removed.
        listener.forget();
    }

    /// Opens the back camera into the video and reads frames until a code
    /// shows up (then submits it, and goes on reading) or `running` turns false.
    pub fn scan(scan: Scan) {
        let generation = GENERATION.with(|g| {
            g.set(g.get().wrapping_add(1));
            g.get()
        });
        let current = move || GENERATION.with(|g| g.get()) == generation;
        leptos::task::spawn_local(async move {
            let Scan { video, running, trouble, torch, form_id, input_id } = scan;
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
            show(&element);
            let track = stream.get_video_tracks().get(0).dyn_into::<MediaStreamTrack>().ok();
            torch.try_set(track.as_ref().is_some_and(has_torch).then_some(false));
            TRACK.with(|t| *t.borrow_mut() = track);
            let Ok(mut reader) = Reader::new() else {
                stop(&stream);
                trouble.try_set(Some(Trouble::Unsupported));
                running.try_set(false);
                return;
            };
            let mut guard =
                storage().and_then(|s| s.get_item(GUARD).ok()?).map(|g| RepeatGuard::restore(&g)).unwrap_or_default();
            while running.try_get_untracked().unwrap_or(false) && current() {
                // A frame that is not ready yet is no error: try the next one.
                if let Ok(Some(text)) = reader.read(&element).await {
                    let fresh = guard.fresh(&text, js_sys::Date::now());
                    if let (Some(s), Some(kept)) = (storage(), guard.stored()) {
                        let _ = s.set_item(GUARD, &kept);
                    }
                    if fresh && running.try_get_untracked().unwrap_or(false) {
                        submit(form_id, input_id, &text);
                    }
                }
                sleep(READ_EVERY_MS).await;
            }
            stop(&stream);
            if current() {
                element.set_src_object(None);
                torch.try_set(None);
                TRACK.with(|t| *t.borrow_mut() = None);
            }
        });
    }

    /// Scrolls the camera's view (with its hint) into sight if it is not: on
    /// a phone it lies below the scan form, and the page a scan loads starts
    /// at the top. "nearest" keeps what is above it (the answer) in sight too.
    fn show(video: &HtmlVideoElement) {
        let Some(view) = video.parent_element() else { return };
        let options = Object::new();
        let _ = Reflect::set(&options, &"block".into(), &"nearest".into());
        if let Ok(scroll) = Reflect::get(&view, &"scrollIntoView".into()).and_then(|f| f.dyn_into::<Function>()) {
            let _ = scroll.call1(&view, &options);
        }
    }

    async fn open(video: &HtmlVideoElement) -> Result<MediaStream, JsValue> {
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        let devices = window.navigator().media_devices()?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let wanted = Object::new();
        // The back camera where there is one (a preference: a laptop has only the front one).
        Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
        let width = Object::new();
        Reflect::set(&width, &"ideal".into(), &JsValue::from_f64(1280.0))?;
        Reflect::set(&wanted, &"width".into(), &width)?;
        constraints.set_video(&wanted);
        constraints.set_audio(&JsValue::FALSE);
        let stream: MediaStream =
            JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?.dyn_into()?;
        video.set_src_object(Some(&stream));
        JsFuture::from(video.play()?).await?;
        Ok(stream)
    }

    /// Reads codes from video frames: the browser's `BarcodeDetector` where it
    /// has one that knows QR codes, else `rqrr` on the frame's pixels.
    enum Reader {
        Detector(JsValue),
        Decoder(HtmlCanvasElement, CanvasRenderingContext2d),
    }

    impl Reader {
        fn new() -> Result<Self, JsValue> {
            detector().map(Reader::Detector).or_else(|_| {
                let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
                let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
                let options = Object::new();
                Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE)?;
                let context: CanvasRenderingContext2d =
                    canvas.get_context_with_context_options("2d", &options)?.ok_or("no 2d context")?.dyn_into()?;
                Ok(Reader::Decoder(canvas, context))
            })
        }

        async fn read(&mut self, video: &HtmlVideoElement) -> Result<Option<String>, JsValue> {
            // HAVE_CURRENT_DATA: there is a frame to read.
            if video.ready_state() < 2 {
                return Ok(None);
            }
            match self {
                Reader::Detector(detector) => detect(detector, video).await,
                Reader::Decoder(canvas, context) => decode(canvas, context, video),
            }
        }
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

    fn decode(
        canvas: &HtmlCanvasElement,
        context: &CanvasRenderingContext2d,
        video: &HtmlVideoElement,
    ) -> Result<Option<String>, JsValue> {
        let (width, height) = (f64::from(video.video_width()), f64::from(video.video_height()));
        if width < 1.0 || height < 1.0 {
            return Ok(None);
        }
        let scale = (MAX_SIDE / width.max(height)).min(1.0);
        let (w, h) = ((width * scale).round() as u32, (height * scale).round() as u32);
        if canvas.width() != w || canvas.height() != h {
            canvas.set_width(w);
            canvas.set_height(h);
        }
        context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(w), f64::from(h))?;
        let pixels = context.get_image_data(0.0, 0.0, f64::from(w), f64::from(h))?.data();
        Ok(super::decode_rgba(&pixels, w as usize, h as usize))
    }

    fn has_torch(track: &MediaStreamTrack) -> bool {
        let capabilities = Reflect::get(track, &"getCapabilities".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(track).ok());
        capabilities.is_some_and(|c| Reflect::get(&c, &"torch".into()).is_ok_and(|t| t.is_truthy()))
    }

    /// Turns the torch on or off; `torch` says what the camera did.
    pub fn set_torch(on: bool, torch: RwSignal<Option<bool>>) {
        let Some(track) = TRACK.with(|t| t.borrow().clone()) else { return };
        leptos::task::spawn_local(async move {
            let applied: Result<(), JsValue> = async {
                let setting = Object::new();
                Reflect::set(&setting, &"torch".into(), &JsValue::from_bool(on))?;
                let constraints = Object::new();
                Reflect::set(&constraints, &"advanced".into(), &Array::of1(&setting))?;
                let apply: Function = Reflect::get(&track, &"applyConstraints".into())?.dyn_into()?;
                JsFuture::from(apply.call1(&track, &constraints)?.dyn_into::<Promise>()?).await?;
                Ok(())
            }
            .await;
            if applied.is_ok() {
                torch.try_set(Some(on));
            }
        });
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
            if let Some(s) = storage() {
                let _ = s.set_item(SCANNED, &(js_sys::Date::now() as u64).to_string());
            }
            // Fires `submit`, so a script that answers the form in place can.
            let _ = form.request_submit();
        }
    }

    /// Creates (or wakes) the sound output while the user's tap lets the page.
    pub fn unlock_audio() {
        let _ = audio();
    }

    fn audio() -> Option<AudioContext> {
        AUDIO.with(|a| {
            let mut slot = a.borrow_mut();
            if slot.is_none() {
                *slot = AudioContext::new().ok();
            }
            let context = slot.clone()?;
            let _ = context.resume();
            Some(context)
        })
    }

    /// A short vibration and tone for the answer (where the device and the
    /// browser allow them: both may need a tap on the page first).
    pub fn signal(answer: Tone) {
        if let Some(window) = web_sys::window() {
            let pattern: Array = super::vibration(answer).iter().map(|&ms| JsValue::from(ms)).collect();
            if has(&window.navigator(), "vibrate") {
                let _ = window.navigator().vibrate_with_pattern(&pattern);
            }
        }
        let _ = tone(answer);
    }

    fn tone(answer: Tone) -> Result<(), JsValue> {
        let context = audio().ok_or("no audio")?;
        let now = context.current_time();
        for &(frequency, start, length) in super::beeps(answer) {
            let oscillator = context.create_oscillator()?;
            oscillator.frequency().set_value(frequency);
            let gain = context.create_gain()?;
            let volume = gain.gain();
            volume.set_value_at_time(0.0, now + start)?;
            volume.linear_ramp_to_value_at_time(0.25, now + start + 0.01)?;
            volume.linear_ramp_to_value_at_time(0.0, now + start + length)?;
            oscillator.connect_with_audio_node(&gain)?;
            gain.connect_with_audio_node(&context.destination())?;
            oscillator.start_with_when(now + start)?;
            oscillator.stop_with_when(now + start + length + 0.02)?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_scanner_may_use_the_camera() {
        assert_eq!(permissions_policy(false), "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        assert_eq!(permissions_policy(true), "camera=(self), microphone=(), geolocation=(), payment=(), usb=()");
    }

    #[test]
    fn the_answer_comes_from_data_answer_else_the_colour() {
        assert_eq!(tone_of_element(None, "door-result door-ok"), Some(Tone::Welcome));
        assert_eq!(tone_of_element(None, "door-result door-again"), Some(Tone::Again));
        assert_eq!(tone_of_element(None, "door-result door-stop"), Some(Tone::Stop));
        assert_eq!(tone_of_element(None, "door-result door-neutral"), None);
        assert_eq!(tone_of_element(Some("again"), "door-result door-ok"), Some(Tone::Again));
        assert_eq!(tone_of_element(Some("nonsense"), "door-result door-ok"), None);
        for tone in [Tone::Welcome, Tone::Again, Tone::Stop] {
            assert_eq!(tone_of_element(Some(tone.code()), ""), Some(tone));
            assert_eq!(tone_of_element(None, tone.class()), Some(tone));
            assert!(!vibration(tone).is_empty() && !beeps(tone).is_empty());
        }
    }

    #[test]
    fn a_code_held_up_is_sent_once_until_it_was_away_for_a_while() {
        let mut guard = RepeatGuard::default();
        assert!(guard.fresh("A", 0.0));
        assert!(!guard.fresh("A", 120.0));
        assert!(!guard.fresh("A", 2900.0), "still in front of the camera");
        assert!(guard.fresh("B", 3000.0), "another ticket at once");
        assert!(guard.fresh("A", 3100.0));
        assert!(guard.fresh("A", 3100.0 + RepeatGuard::QUIET_MS));
        // Kept across the page load a scan makes, without the code itself.
        let kept = guard.stored().expect("a read to keep");
        let mut other = RepeatGuard::default();
        other.fresh("https://leernet.example/ticket/secret", 1.0);
        assert!(!other.stored().unwrap_or_default().contains("secret"), "a hash, not the code");
        let mut again = RepeatGuard::restore(&kept);
        assert_eq!(again, guard);
        assert!(!again.fresh("A", 3100.0 + RepeatGuard::QUIET_MS + 500.0));
        assert_eq!(RepeatGuard::restore("nonsense"), RepeatGuard::default());
        assert_eq!(RepeatGuard::default().stored(), None);
    }

    /// A ticket's QR code as a camera frame: black modules on white, scaled,
    /// somewhat grey and off-centre in a bigger frame.
    fn frame(text: &str, module_px: usize, width: usize, height: usize) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("a code");
        let modules = code.width();
        let colors = code.to_colors();
        let mut rgba = vec![200u8; width * height * 4];
        let (left, top) = (width / 5, height / 6);
        for y in 0..(modules + 8) * module_px {
            for x in 0..(modules + 8) * module_px {
                let (mx, my) = ((x / module_px).wrapping_sub(4), (y / module_px).wrapping_sub(4));
                let dark = mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
                let i = ((top + y) * width + left + x) * 4;
                let v = if dark { 30 } else { 235 };
                rgba[i..i + 3].copy_from_slice(&[v, v, v.saturating_sub(10)]);
            }
        }
        rgba
    }

    #[test]
    fn decodes_a_ticket_address_from_a_frame() {
        let address = "https://leernet.example/ticket/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(decode_rgba(&frame(address, 4, 640, 480), 640, 480).as_deref(), Some(address));
        assert_eq!(decode_rgba(&vec![128u8; 640 * 480 * 4], 640, 480), None, "no code in a grey frame");
        assert_eq!(decode_rgba(&[0u8; 16], 640, 480), None, "a short buffer is no frame");
    }
}
