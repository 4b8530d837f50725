using System.Text;
using System.Text.Json;

namespace WeComGateway.Callbacks;

/// <summary>The JSON envelope <c>{"tousername","encrypt","agentid"}</c> (对外收款 with callback_format=json, AI bots).</summary>
internal static class JsonEnvelopeReader
{
    private enum Field
    {
        Other,
        ToUserName,
        AgentId,
        Encrypt,
    }

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    public static CallbackEnvelope Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return ReadFields(json);
        }
        catch (JsonException ex)
        {
            throw new CallbackRejectedException(
                CallbackRejection.MalformedEnvelope,
                $"the envelope is not well-formed JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine})");
        }
    }

    private static CallbackEnvelope ReadFields(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw CallbackEnvelope.Missing("no JSON object");
        }

        string? toUserName = null, agentId = null, encrypt = null;
        var encryptSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Classify(ref reader);
            reader.Read();
            switch (field)
            {
                case Field.Encrypt when encryptSeen:
                    throw CallbackEnvelope.Missing("more than one encrypt");
                case Field.Encrypt:
                    encryptSeen = true;
                    encrypt = reader.TokenType == JsonTokenType.String
                        ? Normalize(reader.GetString())
                        : throw CallbackEnvelope.Missing("a non-string encrypt");
                    break;
                case Field.ToUserName:
                    toUserName = ScalarText(ref reader);
                    break;
                case Field.AgentId:
                    agentId = ScalarText(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw CallbackEnvelope.Missing("content after the JSON object");
        }

        return new CallbackEnvelope(toUserName, agentId, encrypt ?? throw CallbackEnvelope.Missing("no encrypt value"));
    }

    private static Field Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("encrypt"u8) || reader.ValueTextEquals("Encrypt"u8) ? Field.Encrypt
        : reader.ValueTextEquals("tousername"u8) || reader.ValueTextEquals("ToUserName"u8) ? Field.ToUserName
        : reader.ValueTextEquals("agentid"u8) || reader.ValueTextEquals("AgentID"u8) || reader.ValueTextEquals("AgentId"u8) ? Field.AgentId
        : Field.Other;

    /// <summary>A string or a number (agentid comes as either); null for null; anything else is malformed.</summary>
    private static string? ScalarText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Normalize(reader.GetString()),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw CallbackEnvelope.Missing($"a {reader.TokenType} where a string or number belongs"),
    };

    private static string? Normalize(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
