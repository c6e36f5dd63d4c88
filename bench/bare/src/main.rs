//! A bare axum handler: what this machine's HTTP stack serves when the
//! handler does nothing. The bench measures it in the same run as Leernet's
//! paths, so each path's rate can be read as a share of the machine's limit
//! (issue 21: "a bare axum handler measured in the same run").
//!
//! `leernet-bare 127.0.0.1:0` listens on the address (port 0: any free port)
//! and prints `listening on <address>` once it accepts connections. It stops
//! when its standard input closes, so it never outlives the bench.

use axum::Router;
use axum::routing::get;
use std::io::Read;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_string());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on {}", listener.local_addr()?);
    // A short text, as small as a kept page's headers would let it be.
    let app = Router::new().route("/", get(|| async { "ok" }));
    let stdin_closed = async {
        let _ = tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut sink);
        })
        .await;
    };
    axum::serve(listener, app).with_graceful_shutdown(stdin_closed).await
}
