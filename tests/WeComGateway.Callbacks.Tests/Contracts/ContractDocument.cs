using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using WeComGateway.Contracts;

namespace WeComGateway.Callbacks.Tests;

/// <summary>
/// Writes the machine-readable bus contract from <see cref="MessageCatalogue"/>: <c>contracts/asyncapi.json</c>
/// (AsyncAPI 3.0: one channel per exchange, what the gateway sends and receives, the MassTransit envelope) and
/// <c>contracts/schemas/{Name}.json</c> (JSON Schema 2020-12 of each record's <c>message</c> property, as MassTransit's
/// System.Text.Json serializer writes it). Descriptions are the records' XML doc summaries. Lives with the tests, not
/// in the contracts assembly, which stays free of everything but MassTransit.Abstractions.
/// </summary>
internal static partial class ContractDocument
{
    public const string AsyncApiPath = "contracts/asyncapi.json";
    public const string SchemaFolder = "contracts/schemas";
    public const string EnvelopeSchemaName = "MassTransitEnvelope";

    private const string JsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema";
    private const string ContentType = "application/vnd.masstransit+json";

    /// <summary>MassTransit's serializer writes <see cref="decimal"/> as a JSON string (its StringDecimalJsonConverter).</summary>
    private const string DecimalPattern = @"^-?\d+(\.\d+)?$";

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // 企业微信 stays readable
    };

    /// <summary>
    /// The naming MassTransit's serializer uses (camelCase, every public property), with nullable annotations honoured
    /// so that the schema says which property may be null.
    /// </summary>
    private static readonly JsonSerializerOptions Records = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly Lazy<XmlDocs> Docs = new(XmlDocs.Load);

    /// <summary>Every generated file: its path from the repository root (forward slashes) and its text.</summary>
    public static IReadOnlyDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [AsyncApiPath] = AsyncApi() };
        foreach (var type in MessageCatalogue.All)
        {
            files[$"{SchemaFolder}/{type.Name}.json"] = Write(Schema(type));
        }

        return files;
    }

    /// <summary>The JSON Schema of one record: what the envelope's <c>message</c> property holds.</summary>
    public static JsonObject Schema(Type record)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Describe,
        };
        var body = JsonSchemaExporter.GetJsonSchemaAsNode(Records, record, exporter).AsObject();

        var schema = new JsonObject
        {
            ["$schema"] = JsonSchemaDialect,
            ["$id"] = $"{record.Name}.json",
            ["title"] = record.Name,
        };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            schema[key] = value;
        }

        return schema;
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
        {
            return schema;
        }

        var type = context.TypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
        {
            node.Remove("type");
            node["type"] = type == typeof(decimal) ? "string" : new JsonArray("string", "null");
            node["pattern"] = DecimalPattern;
        }

        var summary = context.PropertyInfo?.AttributeProvider is PropertyInfo property
            ? Docs.Value.Summary(property)
            : context.PropertyInfo is null && context.Path.IsEmpty ? Docs.Value.Summary(type) : null;
        if (summary is not null)
        {
            node.Insert(0, "description", summary);
        }

        return node;
    }

    private static string AsyncApi()
    {
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        foreach (var type in MessageCatalogue.All)
        {
            var name = type.Name;
            var exchange = MessageCatalogue.ExchangeOf(type);
            var inbound = MessageCatalogue.InboundFacts.Contains(type);
            channels[name] = new JsonObject
            {
                ["address"] = exchange,
                ["description"] = $"The fanout exchange of {name}: bind a queue of your own to it.",
                ["messages"] = new JsonObject { [name] = Ref($"#/components/messages/{name}") },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject
                        {
                            ["name"] = exchange,
                            ["type"] = "fanout",
                            ["durable"] = true,
                            ["autoDelete"] = false,
                            ["vhost"] = "/",
                        },
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            };
            operations[(inbound ? "consume" : "publish") + name] = new JsonObject
            {
                ["action"] = inbound ? "receive" : "send",
                ["summary"] = Occasion(type),
                ["channel"] = Ref($"#/channels/{name}"),
                ["messages"] = new JsonArray(Ref($"#/channels/{name}/messages/{name}")),
            };
            var message = new JsonObject
            {
                ["name"] = name,
                ["title"] = name,
                ["summary"] = Docs.Value.Summary(type),
                ["contentType"] = ContentType,
                ["payload"] = new JsonObject
                {
                    ["allOf"] = new JsonArray(
                        Ref($"#/components/schemas/{EnvelopeSchemaName}"),
                        new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject
                            {
                                ["messageType"] = new JsonObject
                                {
                                    ["type"] = "array",
                                    ["contains"] = new JsonObject { ["const"] = MessageCatalogue.MessageTypeUrnOf(type) },
                                },
                                ["message"] = Ref($"schemas/{name}.json"),
                            },
                        }),
                },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["contentEncoding"] = "utf-8",
                        ["messageType"] = MessageCatalogue.MessageTypeUrnOf(type),
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            };
            if (MessageCatalogue.CallbackEvents.Contains(type))
            {
                message.Insert(4, "headers", CallbackHeaders());
            }

            messages[name] = message;
        }

        var document = new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "WeComGateway bus",
                ["version"] = typeof(MessageCatalogue).Assembly.GetName().Version!.ToString(3),
                ["description"] =
                    "The messages WeComGateway publishes to RabbitMQ and the ones it consumes, generated from the " +
                    "WeComGateway.Contracts records (MessageCatalogue). Each record has a fanout exchange of its own; " +
                    "the body is MassTransit's JSON envelope with the record under \"message\" (camelCase). " +
                    "contracts/README.md says how to subscribe, the delivery guarantees and the versioning rules.",
            },
            ["defaultContentType"] = ContentType,
            ["servers"] = new JsonObject
            {
                ["rabbitmq"] = new JsonObject
                {
                    ["host"] = "localhost:5672",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0.9.1",
                    ["description"] = "The gateway's RabbitMQ (ConnectionStrings:RabbitMq); the host is the local one of deploy/local.",
                },
            },
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject { [EnvelopeSchemaName] = Envelope() },
                ["messages"] = messages,
            },
        };

        return Write(document);
    }

    /// <summary>MassTransit's JSON envelope: what a plain-AMQP subscriber reads before the record under <c>message</c>.</summary>
    private static JsonObject Envelope() => new()
    {
        ["type"] = "object",
        ["description"] = "MassTransit's JSON envelope. Unknown properties may be added: ignore them.",
        ["required"] = new JsonArray("messageId", "messageType", "message"),
        ["properties"] = new JsonObject
        {
            ["messageId"] = Described("string", "The same for every copy of one event (derived from its dedupe key): drop repeats on it.", "uuid"),
            ["correlationId"] = Described(["string", "null"], "MassTransit's correlation id, if any.", "uuid"),
            ["conversationId"] = Described(["string", "null"], "MassTransit's conversation id.", "uuid"),
            ["sourceAddress"] = Described(["string", "null"], "The MassTransit endpoint that published it.", "uri"),
            ["destinationAddress"] = Described(["string", "null"], "The exchange it was published to, as a MassTransit address.", "uri"),
            ["messageType"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "urn:message:WeComGateway.Contracts:<RecordName>, possibly with its base types: match on yours.",
                ["items"] = new JsonObject { ["type"] = "string" },
            },
            ["message"] = new JsonObject { ["type"] = "object", ["description"] = "The record (camelCase)." },
            ["sentTime"] = Described(["string", "null"], "When it was published.", "date-time"),
            ["headers"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "MassTransit headers; the gateway's wecomgw-* transport headers are AMQP headers, not these.",
            },
            ["host"] = new JsonObject { ["type"] = "object", ["description"] = "The publishing process (machine, assembly, MassTransit version)." },
        },
    };

    /// <summary>The AMQP headers the receiver sets on every callback event (<see cref="GatewayHeaders"/>).</summary>
    private static JsonObject CallbackHeaders() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray(GatewayHeaders.SuiteId, GatewayHeaders.DedupeKey),
        ["properties"] = new JsonObject
        {
            [GatewayHeaders.SuiteId] = new JsonObject { ["type"] = "string", ["description"] = "The suite whose callback URL received the event." },
            [GatewayHeaders.CorpId] = new JsonObject { ["type"] = "string", ["description"] = "The enterprise; absent for suite-level events." },
            [GatewayHeaders.DedupeKey] = new JsonObject { ["type"] = "string", ["description"] = "The record's dedupeKey: route or dedupe without parsing the body." },
        },
    };

    /// <summary>What the README's table says of a record's occasion, in one line.</summary>
    private static string Occasion(Type type) =>
        MessageCatalogue.CallbackEvents.Contains(type) ? $"The receiver publishes {type.Name} for each WeCom callback it maps to it."
        : MessageCatalogue.GatewayFacts.Contains(type) ? $"A gateway worker publishes {type.Name} when it has done what the record says."
        : $"The gateway's workers consume {type.Name}; other systems (and the gateway's own scheduler or admin API) publish it.";

    private static JsonObject Ref(string target) => new() { ["$ref"] = target };

    private static JsonObject Described(JsonNode type, string description, string format) => new()
    {
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
    };

    private static JsonObject Described(string[] types, string description, string format) =>
        Described(new JsonArray(types.Select(t => (JsonNode?)t).ToArray()), description, format);

    private static string Write(JsonNode node) => node.ToJsonString(Output).ReplaceLineEndings("\n") + "\n";

    /// <summary>The summaries of WeComGateway.Contracts.xml, the documentation file the contracts project generates.</summary>
    private sealed partial class XmlDocs(Dictionary<string, string> summaries)
    {
        public static XmlDocs Load()
        {
            var path = Path.ChangeExtension(typeof(MessageCatalogue).Assembly.Location, ".xml");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("The contracts' XML documentation file was not copied next to the tests (GenerateDocumentationFile)", path);
            }

            var summaries = XDocument.Load(path).Descendants("member")
                .Where(m => m.Element("summary") is not null)
                .ToDictionary(m => (string)m.Attribute("name")!, m => Plain(m.Element("summary")!), StringComparer.Ordinal);
            return new XmlDocs(summaries);
        }

        public string? Summary(Type type) => summaries.GetValueOrDefault("T:" + type.FullName);

        public string? Summary(PropertyInfo property) =>
            summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

        /// <summary>The summary as one line of text: <c>code</c> and cref'd names in backticks, tags dropped.</summary>
        private static string Plain(XElement summary)
        {
            var text = string.Concat(summary.Nodes().Select(Plain));
            return Whitespace().Replace(text, " ").Trim();
        }

        private static string Plain(XNode node) => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
            XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("cref") is { } cref => $"`{Short(cref.Value)}`",
            XElement { Name.LocalName: "paramref" or "typeparamref" } reference => $"`{(string?)reference.Attribute("name")}`",
            XElement element => string.Concat(element.Nodes().Select(Plain)),
            _ => string.Empty,
        };

        /// <summary><c>P:WeComGateway.Contracts.LeadReassigned.ToUserId</c> → <c>toUserId</c> (the JSON name); a type keeps its name.</summary>
        private static string Short(string cref)
        {
            var name = cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var parameters = name.IndexOf('(', StringComparison.Ordinal);
            name = parameters < 0 ? name : name[..parameters];
            name = name[(name.LastIndexOf('.') + 1)..];
            return cref.StartsWith("P:", StringComparison.Ordinal) ? JsonNamingPolicy.CamelCase.ConvertName(name) : name;
        }

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
