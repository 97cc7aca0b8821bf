//! One file written atomically (a schema, a starter scenario): the bytes
//! go to a hidden temporary file beside the destination, which is then
//! moved into place, so a reader sees no file or the whole file. An
//! existing file is never replaced unless the caller asks (`force`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{OutputError, io_err, staging_path};

/// Writes `bytes` to `destination`, refusing an existing file unless
/// `force`. Creates missing parent folders. Returns the path written.
pub fn write_file(destination: &Path, bytes: &[u8], force: bool) -> Result<PathBuf, OutputError> {
    let tmp = staging_path(destination, force, "file")?;
    let written = (|| {
        let mut file = fs::File::create(&tmp).map_err(io_err(&tmp))?;
        file.write_all(bytes).map_err(io_err(&tmp))?;
        file.sync_all().map_err(io_err(&tmp))?;
        if force {
            fs::rename(&tmp, destination).map_err(io_err(destination))
        } else {
            // A hard link fails if the destination appeared meanwhile, so
            // a file another process wrote since the check is never lost.
            fs::hard_link(&tmp, destination).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    OutputError::Exists(destination.to_path_buf())
                } else {
                    io_err(destination)(e)
                }
            })
        }
    })();
    // Nothing is left behind, whatever happened (after a rename there is
    // nothing to remove).
    let _ = fs::remove_file(&tmp);
    written.map(|()| destination.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_whole_and_is_never_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("schema.json");
        assert_eq!(write_file(&path, b"one", false).unwrap(), path);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert!(matches!(
            write_file(&path, b"two", false),
            Err(OutputError::Exists(_))
        ));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_file(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["schema.json"], "no temporary file is left");
    }
}
