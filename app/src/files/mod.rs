//! Where uploaded files live. Today a folder on the local disk (under `PARTAGE_DATA_DIR`);
//! callers only see names and bytes, so an object store can take its place as another variant
//! without touching them.

use std::{io, path::PathBuf};

pub mod image;

#[derive(Clone, Debug)]
pub enum FileStore {
    /// Files in one folder, created on first write.
    Disk { root: PathBuf },
}

impl FileStore {
    pub fn on_disk(root: impl Into<PathBuf>) -> Self {
        Self::Disk { root: root.into() }
    }

    /// Stores `bytes` under `name`, replacing any file of that name. The file appears whole or
    /// not at all (written aside, then renamed).
    pub async fn put(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let Self::Disk { root } = self;
        let path = root.join(checked(name)?);
        tokio::fs::create_dir_all(root).await?;
        let partial = root.join(format!(".{name}.{}.part", uuid::Uuid::new_v4()));
        tokio::fs::write(&partial, bytes).await?;
        if let Err(err) = tokio::fs::rename(&partial, &path).await {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(err);
        }
        Ok(())
    }

    /// The bytes stored under `name`, or `None` when there is no such file.
    pub async fn get(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        let Self::Disk { root } = self;
        match tokio::fs::read(root.join(checked(name)?)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Forgets `name`; a missing file is not an error.
    pub async fn delete(&self, name: &str) -> io::Result<()> {
        let Self::Disk { root } = self;
        match tokio::fs::remove_file(root.join(checked(name)?)).await {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

/// Stops reading a refused upload after this much, so a client cannot keep us busy forever.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Why an uploaded field could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum Upload {
    /// The request broke off, or was not multipart.
    Broken,
    /// Longer than [`DRAIN_LIMIT`]: reading stopped.
    TooLarge,
}

/// One multipart field, read up to `cap` bytes; `None` when it is longer (the rest is read
/// and thrown away, up to `DRAIN_LIMIT`, so the client gets our answer rather than a reset).
pub async fn read_capped(
    field: &mut multer::Field<'static>,
    cap: usize,
) -> Result<Option<Vec<u8>>, Upload> {
    let mut bytes = Vec::new();
    let mut seen = 0_usize;
    loop {
        let chunk = field.chunk().await.map_err(|_| Upload::Broken)?;
        let Some(chunk) = chunk else { break };
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            return Err(Upload::TooLarge);
        }
        if seen <= cap {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok((seen <= cap).then_some(bytes))
}

/// A plain file name: no folders, nothing hidden.
fn checked(name: &str) -> io::Result<&str> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(name)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a plain file name: {name:?}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_round_trip_and_names_cannot_escape() {
        let root = std::env::temp_dir().join(format!("partage-files-{}", uuid::Uuid::new_v4()));
        let store = FileStore::on_disk(&root);
        assert_eq!(store.get("a.jpg").await.expect("read"), None);
        store.put("a.jpg", b"one").await.expect("write");
        store.put("a.jpg", b"two").await.expect("overwrite");
        assert_eq!(
            store.get("a.jpg").await.expect("read"),
            Some(b"two".to_vec())
        );
        store.delete("a.jpg").await.expect("delete");
        store.delete("a.jpg").await.expect("delete again");
        assert_eq!(store.get("a.jpg").await.expect("read"), None);
        for bad in ["../a.jpg", "/etc/passwd", ".hidden", "", "a/b.jpg"] {
            assert!(store.put(bad, b"x").await.is_err(), "{bad} accepted");
            assert!(store.get(bad).await.is_err(), "{bad} read");
        }
        let _ = std::fs::remove_dir_all(root);
    }
}
