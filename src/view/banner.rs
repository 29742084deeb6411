//! What the page tells the user about their data, as banners: storage
//! events from `progress::persist`, and what an import or a restore did.
//! Problems stay until solved; notices can be dismissed.

use crate::progress::persist::StorageEvent;
use crate::view::format::isolate;

#[derive(Debug, Clone, PartialEq)]
pub enum Banner {
    Unavailable,
    Quota,
    Quarantined {
        key: String,
        message: String,
    },
    /// Part of the record could not be read; the rest loaded.
    Repaired {
        keys: Vec<String>,
        problems: Vec<String>,
    },
    ReadOnly {
        message: String,
    },
    Migrated {
        from: u32,
    },
    FirstRun,
    Merged,
    Restored {
        at: String,
    },
    BackupFailed,
    /// An import was applied; what it did.
    Imported {
        summary: String,
    },
    /// This file carried data (saved as HTML with data) and it was taken in.
    EmbeddedLoaded {
        by: String,
    },
    EmbeddedUnreadable {
        message: String,
    },
    /// The notice this file carries could not be put on the library's list
    /// (its data is kept under its id all the same).
    NoticeNotAdded {
        message: String,
    },
    /// The computer's clock is outside the years an edit may carry.
    BadClock {
        year: i32,
    },
}

impl From<StorageEvent> for Banner {
    fn from(event: StorageEvent) -> Banner {
        match event {
            StorageEvent::Unavailable => Banner::Unavailable,
            StorageEvent::Quota => Banner::Quota,
            StorageEvent::FirstRun => Banner::FirstRun,
            StorageEvent::Migrated { from } => Banner::Migrated { from },
            StorageEvent::ReadOnly { message } => Banner::ReadOnly { message },
            StorageEvent::Quarantined { key, message } => Banner::Quarantined { key, message },
            StorageEvent::Repaired { keys, problems } => Banner::Repaired { keys, problems },
            StorageEvent::Merged => Banner::Merged,
            StorageEvent::BackupFailed => Banner::BackupFailed,
        }
    }
}

impl Banner {
    pub fn kind(&self) -> &'static str {
        match self {
            Banner::Unavailable => "unavailable",
            Banner::Quota => "quota",
            Banner::Quarantined { .. } => "quarantined",
            Banner::Repaired { .. } => "repaired",
            Banner::ReadOnly { .. } => "read_only",
            Banner::Migrated { .. } => "migrated",
            Banner::FirstRun => "first_run",
            Banner::Merged => "merged",
            Banner::Restored { .. } => "restored",
            Banner::BackupFailed => "backup_failed",
            Banner::Imported { .. } => "imported",
            Banner::EmbeddedLoaded { .. } => "embedded_loaded",
            Banner::EmbeddedUnreadable { .. } => "embedded_unreadable",
            Banner::NoticeNotAdded { .. } => "notice_not_added",
            Banner::BadClock { .. } => "bad_clock",
        }
    }

    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Banner::Unavailable
                | Banner::Quota
                | Banner::Quarantined { .. }
                | Banner::Repaired { .. }
                | Banner::ReadOnly { .. }
                | Banner::BackupFailed
                | Banner::EmbeddedUnreadable { .. }
                | Banner::NoticeNotAdded { .. }
                | Banner::BadClock { .. }
        )
    }

    /// The values moved aside that the user can export for a technician.
    pub fn moved_aside(&self) -> Vec<String> {
        match self {
            Banner::Quarantined { key, .. } => vec![key.clone()],
            Banner::Repaired { keys, .. } => keys.clone(),
            _ => vec![],
        }
    }

    pub fn message(&self) -> String {
        match self {
            Banner::Unavailable => "此浏览器不允许本页面保存数据（可能禁用了网站数据或处于受限模式）。本次修改只保存在内存中，关闭页面即丢失，请及时点击“导出数据”保存为文件。".into(),
            Banner::Quota => "浏览器存储空间已满，最近的修改尚未保存（仍在页面中）。请立即点击“导出数据”保存为文件，并清理浏览器中不需要的网站数据。".into(),
            Banner::Quarantined { message, .. } => format!("浏览器中保存的进度数据无法读取，已原样移到一旁保存（未删除）。原因：{message} 可点击“导出损坏的数据”交给技术人员处理。现在从空白进度开始。"),
            Banner::Repaired { problems, .. } => {
                let shown: Vec<&str> = problems.iter().take(5).map(String::as_str).collect();
                let more = if problems.len() > 5 { format!("等 {} 处", problems.len()) } else { String::new() };
                format!("浏览器中保存的进度有一部分无法读取：{}{more}。其余数据已正常载入，无法读取的原始数据已原样保留（可点击“导出损坏的数据”）。", shown.join("；"))
            }
            Banner::ReadOnly { message } => format!("{message} 为避免覆盖，本页面不会写入浏览器存储；修改只保存在内存中，请使用新版本文件。"),
            Banner::Migrated { from } => format!("已将旧版本（第{from}版）保存的进度升级为新格式，原数据仍保留。"),
            Banner::FirstRun => "进度数据保存在本浏览器中，只有在同一台电脑、同一浏览器打开此文件时才能看到。Firefox 按文件位置区分数据：移动或改名后的文件看不到原有记录。换电脑或浏览器前请先“导出数据”。".into(),
            Banner::Merged => "已合并在另一个标签页中所做的修改。".into(),
            Banner::Restored { at } => format!("已从 {at} 的自动备份恢复（恢复操作已记入修改记录，可撤销）。"),
            Banner::BackupFailed => "存储空间不足，未能写入自动备份（当前进度已保存）。建议导出数据。".into(),
            Banner::Imported { summary } => format!("{summary}导入前的数据已自动备份，可在“设置 → 自动备份”中恢复。"),
            Banner::EmbeddedLoaded { by } => format!("已载入此文件附带的进度数据（{}），并保存到本浏览器。", isolate(by)),
            Banner::EmbeddedUnreadable { message } => format!("此文件附带的进度数据无法读取，未载入（本机数据未受影响）。原因：{message}"),
            Banner::NoticeNotAdded { message } => {
                format!("此文件附带的通知未能加入本浏览器的通知列表：{message} 它的进度仍保存在本浏览器中，再次打开此文件即可看到。")
            }
            Banner::BadClock { year } => format!("这台电脑的日期不正确（{year}年），修改无法记录时间，暂不能保存修改。请校正系统日期后刷新页面。"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_storage_event_has_a_chinese_message() {
        let events = [
            StorageEvent::Unavailable,
            StorageEvent::Quota,
            StorageEvent::FirstRun,
            StorageEvent::Migrated { from: 2 },
            StorageEvent::ReadOnly { message: "更新版本".into() },
            StorageEvent::Quarantined { key: "k".into(), message: "坏了".into() },
            StorageEvent::Repaired { keys: vec!["k".into()], problems: (1..=7).map(|n| format!("第{n}项：坏了")).collect() },
            StorageEvent::Merged,
            StorageEvent::BackupFailed,
        ];
        for event in events {
            let banner = Banner::from(event);
            let message = banner.message();
            assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{message}");
            assert!(!message.replace("Firefox", "").chars().any(|c| c.is_ascii_alphabetic() && c != 'k'), "{message}");
        }
        let repaired = Banner::from(StorageEvent::Repaired { keys: vec!["a".into()], problems: (1..=7).map(|n| format!("第{n}项")).collect() });
        assert!(repaired.message().contains("等 7 处") && !repaired.message().contains("第6项"));
        assert_eq!(repaired.moved_aside(), ["a"]);
    }

    /// A unit name with an unclosed U+202E stays inside its isolate: the text after it is ours, in order.
    #[test]
    fn user_text_in_a_message_is_isolated() {
        let message = Banner::EmbeddedLoaded { by: "民政局\u{202e}，导出于 2023-07-01".into() }.message();
        assert!(message.contains("（\u{2068}民政局\u{202e}，导出于 2023-07-01\u{2069}），并保存到本浏览器。"), "{message}");
    }
}
