//! The hall's own voice recordings: a folder named in the display settings holding
//! `zh-CN/<clip>.wav` and `en/<clip>.wav`. Any clip not there falls back to the shipped one.

use crate::announce::{all_clip_names, Lang};
use std::path::{Path, PathBuf};

/// The path of a known clip (`zh-CN/qing`) inside `folder`, or None for anything else, so
/// a screen can never read an arbitrary file.
fn clip_path(folder: &str, clip: &str) -> Option<PathBuf> {
    if folder.trim().is_empty() {
        return None;
    }
    let (lang, name) = clip.split_once('/')?;
    let lang = Lang::ALL.into_iter().find(|l| l.folder() == lang)?;
    let name = all_clip_names(lang).into_iter().find(|n| *n == name)?;
    Some(
        Path::new(folder.trim())
            .join(lang.folder())
            .join(format!("{name}.wav")),
    )
}

/// Every known clip the hall has recorded itself.
pub fn overrides(folder: &str) -> Vec<String> {
    Lang::ALL
        .into_iter()
        .flat_map(|l| {
            all_clip_names(l)
                .into_iter()
                .map(move |n| format!("{}/{n}", l.folder()))
        })
        .filter(|c| clip_path(folder, c).is_some_and(|p| p.is_file()))
        .collect()
}

/// The bytes of one of the hall's clips.
pub fn read(folder: &str, clip: &str) -> Option<Vec<u8>> {
    std::fs::read(clip_path(folder, clip)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_clips_inside_the_folder_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("zh-CN")).unwrap();
        std::fs::write(dir.path().join("zh-CN/qing.wav"), b"RIFF").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"x").unwrap();
        let f = dir.path().to_str().unwrap();
        assert_eq!(overrides(f), vec!["zh-CN/qing".to_string()]);
        assert_eq!(read(f, "zh-CN/qing").unwrap(), b"RIFF");
        assert!(read(f, "../secret.txt").is_none());
        assert!(read(f, "zh-CN/../../secret").is_none());
        assert!(read("", "zh-CN/qing").is_none());
    }
}
