using System.Globalization;
using System.Net;
using System.Text;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Page;

/// <summary>The human page: server-rendered, every value HTML-encoded, no token or secret values.</summary>
internal static class StatePage
{
    private const int RecentWelcomes = 20;
    private const int RecentCalls = 100;

    public static string Render(StateSnapshot s, string prefix)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>WeCom emulator</title>
            <meta http-equiv="refresh" content="5">
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin-bottom:1.5rem}
            td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
            .err{color:#b00020;font-weight:bold}.ok{color:#1b7f3b}code{font-size:.85em}
            </style></head><body>
            <h1>WeCom emulator</h1>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<p>Now {E(s.Now)} · <a href=\"{E(prefix)}/emulator/state\">state as JSON</a></p>");

        html.Append("<h2>Authorized corps</h2><table><tr><th>corp</th><th>name</th><th>corp token</th></tr>");
        foreach (var c in s.Corps)
        {
            var token = c.TokenIssuedAt is { } at ? $"corp token issued at {E(at)}, expires {E(c.TokenExpiresAt)}" : "no corp token";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Corpid)}</td><td>{E(c.CorpName)}</td><td>{token}</td></tr>");
        }

        html.Append("</table><h2>Latest welcomes</h2><table><tr><th>sent</th><th>corp</th><th>welcome code</th><th>text</th><th>attachments</th></tr>");
        foreach (var w in s.Welcomes.Take(RecentWelcomes))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(w.SentAt)}</td><td>{E(w.Corpid)}</td><td>{E(w.WelcomeCode)}</td><td>{E(w.Text)}</td><td><code>{E(w.Attachments.ToJsonString())}</code></td></tr>");
        }

        html.Append("</table><h2>Customers' tags</h2><table><tr><th>corp</th><th>customer</th><th>member</th><th>remark</th><th>tags by group</th></tr>");
        foreach (var c in s.Customers)
        {
            foreach (var f in c.FollowUsers)
            {
                var byGroup = string.Join("; ", f.Tags.GroupBy(t => t.GroupName).Select(g => $"{E(g.Key)}: {string.Join("、", g.Select(t => E(t.TagName)))}"));
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(c.Corpid)}</td><td>{E(c.Name)} <code>{E(c.ExternalUserid)}</code></td><td>{E(f.Userid)}</td><td>{E(f.Remark)}</td><td>{byGroup}</td></tr>");
            }
        }

        html.Append("</table><h2>Tag library</h2><table><tr><th>corp</th><th>group</th><th>tags</th></tr>");
        foreach (var g in s.Tags)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(g.Corpid)}</td><td>{E(g.GroupName)} <code>{E(g.GroupId)}</code></td><td>{string.Join("、", g.Tags.Select(t => E(t.TagName)))}</td></tr>");
        }

        html.Append("</table><h2>Injected failures</h2><table><tr><th>path</th><th>corp</th><th>errcode</th><th>HTTP status</th><th>delay ms</th><th>remaining</th></tr>");
        foreach (var f in s.Failures)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(f.Path)}</td><td>{E(f.Corpid ?? "any")}</td><td>{f.Errcode}</td><td>{f.HttpStatus}</td><td>{f.DelayMs}</td><td>{(f.Remaining is { } n ? n.ToString(CultureInfo.InvariantCulture) : "until cleared")}</td></tr>");
        }

        html.Append("</table><h2>Recent calls</h2><table><tr><th>at</th><th>call</th><th>corp</th><th>errcode</th><th>body</th></tr>");
        foreach (var call in s.Calls.Take(RecentCalls))
        {
            var css = call.Errcode == 0 && call.Status == 200 ? "ok" : "err";
            var outcome = call.Status == 200 ? call.Errcode.ToString(CultureInfo.InvariantCulture) : "HTTP " + call.Status.ToString(CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(call.At)}</td><td>{E(call.Method)} {E(call.Path)}</td><td>{E(call.CorpId)}</td><td class=\"{css}\">{outcome}</td><td><code>{E(call.Body)}</code></td></tr>");
        }

        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    private static string E(DateTimeOffset? value) => E(value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
