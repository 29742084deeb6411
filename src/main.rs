//! Entry point of the browser app (built for wasm32 by Trunk).

#[cfg(target_arch = "wasm32")]
fn main() {
    minsheng::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("minsheng-app 只在浏览器中运行 / runs only in the browser: build it with `bash build.sh`.");
    std::process::exit(2);
}
