using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Leercultuur.Testing.Contract;

/// <summary>
/// One API's OpenAPI document as a checker of real answers: which operation a request is, whether the
/// status it got is documented, and whether the body matches the documented schema. The document's
/// OpenAPI 3.0 schemas are turned into JSON Schema 2020-12 (nullable, component references) once.
/// </summary>
public sealed class OpenApiContract
{
    private readonly string basePath;
    private readonly JsonObject definitions;
    private readonly List<(string Method, Regex Path, int Parameters, JsonObject Operation, string Template)> operations = [];
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public OpenApiContract(JsonNode document)
    {
        // A parsed node builds its children on first access, which is not safe from several threads;
        // built here, the document is only read after, by however many clients share this contract.
        Materialise(document);
        basePath = document["servers"]![0]!["url"]!.GetValue<string>();
        definitions = (JsonObject)Convert(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject());
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            var pattern = new Regex(
                "^" + Regex.Replace(Regex.Escape(basePath + template), @"\\\{[^}]+}", "[^/]+") + "$",
                RegexOptions.CultureInvariant);
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject concrete && concrete["responses"] is not null)
                {
                    operations.Add((method.ToUpperInvariant(), pattern, template.Count(c => c == '{'), concrete, template));
                }
            }
        }
    }

    public string BasePath => basePath;

    private static void Materialise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialise(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialise(child);
                }

                break;
        }
    }

    /// <summary>What is wrong with this answer by the document; empty when nothing is, or when the request is no operation of it.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string body)
    {
        var matches = operations.Where(o => o.Method == method && o.Path.IsMatch(path)).OrderBy(o => o.Parameters).ToList();
        if (matches.Count == 0)
        {
            // Not an operation of this document (an unknown path or method): the router's 404 or 405.
            return [];
        }

        var (_, _, _, operation, template) = matches[0];
        var name = $"{method} {template} answered {status}";
        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (response is null)
        {
            return [$"{name}, which the document does not list (it lists {string.Join(", ", responses.Select(r => r.Key))})."];
        }

        if (method == "HEAD" || body.Length == 0)
        {
            return [];
        }

        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            return [$"{name} with a body, which the document does not describe."];
        }

        if (mediaType is null || content[mediaType] is not { } media)
        {
            return [$"{name} as {mediaType ?? "no media type"}, which the document does not list ({string.Join(", ", content.Select(c => c.Key))})."];
        }

        if (media["schema"] is not { } schema || !mediaType.Contains("json", StringComparison.Ordinal))
        {
            return [];
        }

        System.Text.Json.JsonElement instance;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            instance = document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException)
        {
            return [$"{name} with a body that is not JSON."];
        }

        var key = $"{method} {template} {status} {mediaType}";
        var compiled = schemas.GetOrAdd(key, _ => Compile(schema, key));
        var result = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var details = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .Take(10);
        return [$"{name} with a body that does not match its schema: {string.Join("; ", details)}\n{body[..Math.Min(body.Length, 2000)]}"];
    }

    private JsonSchema Compile(JsonNode schema, string key)
    {
        var root = (JsonObject)Convert(schema.DeepClone());
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions.DeepClone();

        // A registry of its own per schema: the global one refuses a second document under the same id,
        // and every test host compiles the same documents again.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var id = new Uri($"https://contract.leercultuur.test{basePath}/{Uri.EscapeDataString(key)}");
        return JsonSchema.FromText(root.ToJsonString(), options, id);
    }

    // OpenAPI 3.0 to JSON Schema 2020-12: 'nullable' becomes a null type, component references $defs.
    private static JsonNode Convert(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        var converted = Convert(item);
                        if (!ReferenceEquals(converted, item))
                        {
                            array[i] = converted;
                        }
                    }
                }

                return array;
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (obj[name] is { } child && name != "enum" && name != "example" && name != "default")
                    {
                        var converted = Convert(child);
                        if (!ReferenceEquals(converted, child))
                        {
                            obj[name] = converted;
                        }
                    }
                }

                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>().StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    obj["$ref"] = "#/$defs/" + reference.GetValue<string>()["#/components/schemas/".Length..];
                }

                if (obj["nullable"] is JsonValue nullable)
                {
                    obj.Remove("nullable");
                    if (nullable.GetValue<bool>())
                    {
                        return Nullable(obj);
                    }
                }

                return obj;
            default:
                return node;
        }
    }

    private static JsonNode Nullable(JsonObject schema)
    {
        if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }

        switch (schema["type"])
        {
            case JsonValue type:
                schema["type"] = new JsonArray(type.GetValue<string>(), "null");
                return schema;
            case JsonArray types:
                if (!types.Any(t => t?.GetValue<string>() == "null"))
                {
                    types.Add("null");
                }

                return schema;
            default:
                if (schema.Count == 0 || schema["enum"] is not null)
                {
                    return schema;
                }

                // A reference or a combination: either it, or null. Its members move into the first branch.
                var inner = new JsonObject();
                foreach (var (name, value) in schema.ToList())
                {
                    schema.Remove(name);
                    inner[name] = value;
                }

                return new JsonObject { ["anyOf"] = new JsonArray(inner, new JsonObject { ["type"] = "null" }) };
        }
    }
}
