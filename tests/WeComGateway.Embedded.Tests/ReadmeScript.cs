using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WeComGateway.Cli;

namespace WeComGateway.Embedded.Tests;

/// <summary>
/// Runs the bash block of a README section, line by line, against an embedded gateway hosted in the test process:
/// <c>wecomgw</c> lines through the real CLI (its HTTP through the test server), <c>export</c>, <c>printf … &gt; file</c>,
/// <c>cat &gt; file &lt;&lt;'END'</c>, <c>curl</c> and <c>sleep</c> (the gateway's clock advanced) as a shell would; starting the gateway and aliases
/// are skipped (the test host is that gateway). A value the README leaves to the reader — <c>ch…</c>, <c>fis-…</c>,
/// the id or state an earlier command printed — is the last such word printed so far. After each command the test
/// lets the workers catch up (<c>settle</c>), as the seconds between a reader's lines do.
/// </summary>
internal sealed partial class ReadmeScript(Func<HttpMessageHandler> handler, Action<TimeSpan> advanceClock, string adminKey, Func<string[], Task> settle)
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["WECOMGW_ADMIN_API_KEY"] = adminKey };
    private readonly StringBuilder _transcript = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("wecomgw-readme-").FullName;

    /// <summary>Everything the commands printed so far.</summary>
    public string Transcript => _transcript.ToString();

    /// <summary>The commands of the first bash block under <c>## {title}</c> in README.md, continuation lines joined, comments dropped.</summary>
    public static IReadOnlyList<string> Section(string title)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(lines, l => l == "## " + title);
        Assert.True(start >= 0, $"README.md has no section '## {title}'");
        var open = Array.FindIndex(lines, start, l => l.StartsWith("```bash", StringComparison.Ordinal));
        var next = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        Assert.True(open > start && (next < 0 || open < next), $"README.md section '{title}' has no bash block");

        var commands = new List<string>();
        var pending = string.Empty;
        for (var i = open + 1; !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
        {
            if (HereDocument().Match(lines[i]) is { Success: true } here) // cat > FILE <<'END' … END
            {
                var body = new StringBuilder();
                for (i++; lines[i] != here.Groups["end"].Value; i++)
                {
                    body.AppendLine(lines[i]);
                }

                commands.Add($"{HereDocumentCommand} {here.Groups["file"].Value}\n{body}");
                continue;
            }

            var line = pending + StripComment(lines[i]).TrimEnd();
            pending = line.EndsWith('\\') ? line[..^1] + " " : string.Empty;
            if (pending.Length == 0)
            {
                commands.AddRange(SplitCommands(line).Where(c => c.Length > 0));
            }
        }

        return commands;
    }

    /// <summary>Runs each command in order; a command that fails fails the test with what it printed.</summary>
    public async Task RunAsync(IEnumerable<string> commands)
    {
        foreach (var command in commands)
        {
            await RunAsync(command);
        }
    }

    public async Task<string> RunAsync(string command)
    {
        if (command.StartsWith(HereDocumentCommand + " ", StringComparison.Ordinal))
        {
            var newline = command.IndexOf('\n', StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(_directory, command[(HereDocumentCommand.Length + 1)..newline]), command[(newline + 1)..]);
            return string.Empty;
        }

        var words = Words(command);
        switch (words[0])
        {
            case "alias":
            case "dotnet":
            case var w when w.Contains('=', StringComparison.Ordinal): // VAR=value dotnet run …: the gateway itself
                return string.Empty;
            case "export":
                var (name, value) = (words[1][..words[1].IndexOf('=', StringComparison.Ordinal)], words[1][(words[1].IndexOf('=', StringComparison.Ordinal) + 1)..]);
                _environment[name] = Resolve(value);
                return string.Empty;
            case "printf":
                Assert.Equal(">", words[2]);
                await File.WriteAllTextAsync(Path.Combine(_directory, words[3]), words[1].Replace("\\n", "\n", StringComparison.Ordinal));
                return string.Empty;
            case "sleep":
                advanceClock(TimeSpan.FromSeconds(int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture)));
                await Task.Delay(TimeSpan.FromSeconds(3)); // the schedulers' next pass (1 s in these tests) on real timers
                return string.Empty;
            case "curl":
                return await CurlAsync(words);
            case "wecomgw":
                return await WeComGwAsync(command, words.Skip(1).Select(Expand).ToArray());
            default:
                throw new InvalidOperationException($"README command the test cannot run: {command}");
        }
    }

    private async Task<string> WeComGwAsync(string command, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var plain = CliContext.ForWriters(output, error, name => _environment.GetValueOrDefault(name));
        var context = new CliContext { Out = plain.Out, Error = plain.Error, GetEnvironmentVariable = plain.GetEnvironmentVariable, HttpHandler = handler };

        var exitCode = await WeComGatewayCli.InvokeAsync(args, context);

        _transcript.Append("$ ").AppendLine(command).Append(output).Append(error);
        Assert.True(exitCode == 0, $"'{command}' exited {exitCode}:\n{output}{error}");
        await settle(args); // a person types the next line seconds later: the workers have done what the last one started
        return output.ToString();
    }

    /// <summary><c>curl [-X METHOD] [-H 'Name: value']… (-d JSON | --data-binary @FILE) URL</c>.</summary>
    private async Task<string> CurlAsync(List<string> words)
    {
        words = words.Select(ExpandVariables).ToList();
        var url = new Uri(words.First(w => w.StartsWith("http", StringComparison.Ordinal)));
        var method = words.IndexOf("-X") is >= 0 and var x ? new HttpMethod(words[x + 1]) : HttpMethod.Post;
        var body = words.IndexOf("-d") is >= 0 and var d ? words[d + 1]
            : await File.ReadAllTextAsync(Path.Combine(_directory, words[words.IndexOf("--data-binary") + 1].TrimStart('@')));
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(JsonNode.Parse(body)) };
        for (var h = words.IndexOf("-H"); h >= 0; h = words.IndexOf("-H", h + 1))
        {
            var (name, value) = (words[h + 1][..words[h + 1].IndexOf(':', StringComparison.Ordinal)], words[h + 1][(words[h + 1].IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Add(name, value);
            }
        }

        using var http = new HttpClient(handler());
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"curl {url} answered {(int)response.StatusCode}: {answer}");
        return answer;
    }

    private string Expand(string word)
    {
        if (word.StartsWith('$') && _environment.TryGetValue(word[1..], out var value))
        {
            return value;
        }

        return File.Exists(Path.Combine(_directory, word)) ? Path.Combine(_directory, word) : Resolve(word);
    }

    private string ExpandVariables(string word) =>
        VariableReference().Replace(word, m => _environment.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary><c>prefix…</c>: the last word printed so far that starts with the prefix (with a digit when the prefix is letters only).</summary>
    private string Resolve(string word)
    {
        var ellipsis = word.IndexOf('…', StringComparison.Ordinal);
        if (ellipsis < 0)
        {
            return word;
        }

        var prefix = word[..ellipsis];
        var rest = prefix.All(char.IsAsciiLetter) ? @"(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]+" : "[A-Za-z0-9_-]+";
        var matches = Regex.Matches(Transcript, @"(?<![\w-])" + Regex.Escape(prefix) + rest);
        Assert.True(matches.Count > 0, $"nothing printed so far to stand for '{word}'");
        return matches[^1].Value;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static IEnumerable<string> SplitCommands(string line) =>
        CommandSeparator().Split(line).Select(c => c.Trim());

    /// <summary>Shell words: spaces split, '…' and "…" keep their content as one word.</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WeComGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("WeComGateway.sln not found above " + AppContext.BaseDirectory);
    }

    private const string HereDocumentCommand = "write-here-document";

    [GeneratedRegex(@"^cat > (?<file>\S+) <<'(?<end>\w+)'$")]
    private static partial Regex HereDocument();

    [GeneratedRegex(@"\$([A-Z_][A-Z0-9_]*)")]
    private static partial Regex VariableReference();

    /// <summary><c>&amp;&amp;</c> and <c>;</c> outside quotes (the README's commands hold neither inside quotes).</summary>
    [GeneratedRegex(@"&&|;(?=(?:[^']*'[^']*')*[^']*$)")]
    private static partial Regex CommandSeparator();
}
