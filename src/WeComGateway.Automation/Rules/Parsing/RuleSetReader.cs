using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>
/// Reads a rule file into a <see cref="RuleSet"/>, collecting every error instead of stopping at the first. Nothing
/// in a file is executed or interpreted as a pattern: values are compared, ranges checked, placeholders filled.
/// </summary>
internal sealed partial class RuleSetReader
{
    private static readonly string[] RootKeys = ["name", "description", "timeZone", "lifecycle", "welcomeTemplates", "defaultWelcome", "rules", "remarks"];
    private static readonly string[] LifecycleKeys = ["stages", "tagGroup", "lostStage"];

    private static readonly string[] DefaultStages = ["新客户", "初步沟通", "意向客户", "成交", "无意向"];
    private const string DefaultTagGroup = "客户阶段";
    private const string DefaultLostStage = "无意向";
    private const string DefaultTimeZone = "Asia/Shanghai";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = RuleSetLimits.MaxJsonDepth,
    };

    private IReadOnlyList<string> _stages = DefaultStages;
    private string _tagGroup = DefaultTagGroup;
    private readonly HashSet<string> _templateIds = new(StringComparer.Ordinal);

    private RuleSetReader()
    {
    }

    public static RuleSet Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new RuleSetReader();
        var ruleSet = reader.ReadText(json);
        return reader.HasErrors || ruleSet is null ? throw new RuleSetException(reader._errors) : ruleSet;
    }

    private RuleSet? ReadText(string json)
    {
        if (json.Length > RuleSetLimits.MaxJsonLength)
        {
            Error("$", $"the file is {json.Length} characters long; at most {RuleSetLimits.MaxJsonLength}");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            Error("$", $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {FirstSentence(ex.Message)}");
            return null;
        }

        using (document)
        {
            return ReadRoot(document.RootElement, json);
        }
    }

    private RuleSet? ReadRoot(JsonElement root, string json)
    {
        if (!IsObject(root, "$", "a rule set", RootKeys))
        {
            return null;
        }

        var name = Text(root, "name", string.Empty, RuleSetLimits.MaxStringLength, required: true);
        if (root.TryGetProperty("description", out var description))
        {
            Text(description, "description", RuleSetLimits.MaxDescriptionLength);
        }

        var zone = ReadTimeZone(root);
        var (stages, tagGroup, lostStage) = ReadLifecycle(root);
        var templates = ReadWelcomeTemplates(root);
        var defaultWelcome = Text(root, "defaultWelcome", string.Empty, RuleSetLimits.MaxIdLength, required: false);
        if (defaultWelcome is not null && !_templateIds.Contains(defaultWelcome))
        {
            Error("defaultWelcome", UnknownTemplate(defaultWelcome));
        }

        var rules = ReadRules(root);
        var remarks = ReadRemarks(root);
        if (HasErrors || name is null || zone is null)
        {
            return null;
        }

        var definition = new RuleSetDefinition(
            name,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            stages,
            tagGroup,
            lostStage,
            zone,
            templates,
            defaultWelcome)
        {
            Remarks = remarks,
        };
        return new RuleSet(definition, rules);
    }

    private TimeZoneInfo? ReadTimeZone(JsonElement root)
    {
        var id = Text(root, "timeZone", string.Empty, RuleSetLimits.MaxIdLength, required: false);
        if (id is null)
        {
            return root.TryGetProperty("timeZone", out _) ? null : LocalDays.Find(DefaultTimeZone);
        }

        var zone = LocalDays.Find(id);
        if (zone is null)
        {
            Error("timeZone", $"unknown time zone '{id}'; use an IANA name such as 'Asia/Shanghai'");
        }

        return zone;
    }

    private (IReadOnlyList<string> Stages, string TagGroup, string LostStage) ReadLifecycle(JsonElement root)
    {
        if (!root.TryGetProperty("lifecycle", out var lifecycle) || !IsObject(lifecycle, "lifecycle", "lifecycle", LifecycleKeys))
        {
            return (_stages, _tagGroup, DefaultLostStage);
        }

        if (lifecycle.TryGetProperty("stages", out var stages))
        {
            _stages = ReadStages(stages, "lifecycle.stages") ?? _stages;
        }

        if (lifecycle.TryGetProperty("tagGroup", out var group))
        {
            _tagGroup = TagText(group, "lifecycle.tagGroup") ?? _tagGroup;
        }

        var lostStage = DefaultLostStage;
        if (lifecycle.TryGetProperty("lostStage", out var lost))
        {
            lostStage = Text(lost, "lifecycle.lostStage", TagRef.MaxLength) ?? lostStage;
        }

        if (!_stages.Contains(lostStage, StringComparer.Ordinal))
        {
            Error("lifecycle.lostStage", $"the lost stage '{lostStage}' is not one of the stages ({string.Join(", ", _stages)})");
        }

        return (_stages, _tagGroup, lostStage);
    }

    private string[]? ReadStages(JsonElement stages, string path)
    {
        if (stages.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be a list of stage names, not {Describe(stages)}");
            return null;
        }

        var length = stages.GetArrayLength();
        if (length is 0 or > RuleSetLimits.MaxStages)
        {
            Error(path, $"has {length} stages; give 1 to {RuleSetLimits.MaxStages}");
            return null;
        }

        var names = new List<string>();
        var i = 0;
        foreach (var stage in stages.EnumerateArray())
        {
            var at = At(path, i++);
            if (TagText(stage, at) is not { } name)
            {
                continue;
            }

            if (names.Contains(name, StringComparer.Ordinal))
            {
                Error(at, $"the stage '{name}' is listed twice");
                continue;
            }

            names.Add(name);
        }

        return names.Count > 0 ? [.. names] : null;
    }

    private string UnknownStage(string stage) => $"unknown stage '{stage}' (stages: {string.Join(", ", _stages)})";

    private string UnknownTemplate(string id) =>
        _templateIds.Count == 0
            ? $"unknown welcome template '{id}': the file defines no welcomeTemplates"
            : $"unknown welcome template '{id}' (templates: {string.Join(", ", _templateIds.Order(StringComparer.Ordinal))})";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
