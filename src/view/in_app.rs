//! In-app browsers (微信, 钉钉, …): where leaders open a forwarded file, and
//! where a download may silently do nothing. Told apart by the user agent,
//! which is all a page can see; the download then also offers another way.

/// The app whose built-in browser `user_agent` is, in the words its users
/// know; None for a browser of its own (Chrome, Safari, Firefox, Edge …).
pub fn in_app_browser(user_agent: &str) -> Option<&'static str> {
    // Most specific first: 企业微信 also says MicroMessenger, 钉钉 may say AliApp.
    const APPS: [(&str, &str); 8] = [
        ("wxwork", "企业微信"),
        ("MicroMessenger", "微信"),
        ("DingTalk", "钉钉"),
        ("Lark", "飞书"),
        ("Feishu", "飞书"),
        (" QQ/", "QQ"),
        ("Weibo", "微博"),
        ("AlipayClient", "支付宝"),
    ];
    APPS.iter().find(|(mark, _)| user_agent.contains(mark)).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::in_app_browser;

    /// User agents as these apps send them (from their vendors' and users' published samples).
    #[test]
    fn knows_the_in_app_browsers_and_not_the_real_ones() {
        let cases = [
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN", Some("微信")),
            ("Mozilla/5.0 (Linux; Android 13; V2196A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64", Some("微信")),
            ("Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x6309092b) XWEB/8555 Flue", Some("微信")),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.16 MicroMessenger/7.0.1 Language/zh ColorScheme/Light", Some("企业微信")),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.0.30) com.laiwang.DingTalk/29061337 Channel/201200 language/zh-Hans-CN UT4Aplus/0.0.6 WK", Some("钉钉")),
            ("Mozilla/5.0 (Linux; Android 12; SM-G9910 Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/99.0.4844.88 Mobile Safari/537.36 V1_AND_SQ_8.9.28_3700_YYB_D QQ/8.9.28.10155 NetType/WIFI WebP/0.3.0 AppId/537153294", Some("QQ")),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", None),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", None),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", None),
            ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 QQBrowser/14.1", None),
        ];
        for (ua, want) in cases {
            assert_eq!(in_app_browser(ua), want, "{ua}");
        }
    }
}
