//! Starting `partage serve` as an operating-system process of its own, for the tests that kill
//! it (`kill -9`) and for the benchmarks that measure its memory. Shared by the HTTP tests and
//! the benchmarks (`#[path]`-included by both).

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
    time::Duration,
};

/// Starts the `partage` binary at `bin` on the database at `url`, listening on a free port;
/// answers the process and its address once it says where it listens. Its output is read to
/// the end, so its writes never meet a closed pipe.
pub async fn spawn_partage(
    bin: &str,
    url: &str,
    data_dir: &Path,
) -> std::io::Result<(Child, String)> {
    let mut child = Command::new(bin)
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("PARTAGE_DATA_DIR", data_dir)
        .env("PARTAGE_ADDR", "127.0.0.1:0")
        .env("PARTAGE_BASE_URL", "http://partage.test")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| std::io::Error::other("no stdout"))?;
    let (tell, told) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut tell = Some(tell);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find("http://")
                && let Some(tell) = tell.take()
            {
                let address = line[at..].split_whitespace().next().unwrap_or_default();
                let _ = tell.send(address.to_owned());
            }
        }
    });
    match tokio::time::timeout(Duration::from_secs(60), told).await {
        Ok(Ok(base)) => Ok((child, base)),
        _ => {
            let _ = child.kill();
            Err(std::io::Error::other(
                "partage did not say where it listens",
            ))
        }
    }
}
