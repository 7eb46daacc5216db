using System.Reflection;
using System.Text.Json;
using Json.Schema;
using Leercultuur.ServiceDefaults.Hosting;

namespace Leercultuur.Scans.Instruments;

/// <summary>A definition file that cannot be used: each reason names the file, the JSON path and the problem.</summary>
public sealed class InstrumentDefinitionException(IReadOnlyList<string> reasons) : StartupRefusedException(reasons);

/// <summary>
/// Reads instrument definitions: first against <c>instrument.schema.json</c> (JsonSchema.Net), which
/// says what each member is; then the cross-references no schema can express (every item in exactly
/// its dimension, roles naming known items, cut-offs on the scale, unique ids).
/// </summary>
public static class InstrumentDefinitions
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    // Its own registry: the schema's $id would collide in the global one when loaded twice in a process.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        using var stream = typeof(InstrumentDefinitions).Assembly.GetManifestResourceStream("instrument.schema.json")
            ?? throw new InvalidOperationException("instrument.schema.json is not embedded in the scan service.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    });

    /// <summary>Every definition shipped with the service (embedded <c>instruments/*.json</c>).</summary>
    public static IReadOnlyList<Instrument> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var reasons = new List<string>();
        var instruments = new List<Instrument>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("instruments/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            try
            {
                var instrument = Load(name, reader.ReadToEnd());
                var expected = $"instruments/{instrument.Key}.v{instrument.Version}.json";
                if (name != expected)
                {
                    reasons.Add($"{name} at /: holds {instrument.Key} version {instrument.Version}, so its name must be {expected}.");
                }

                instruments.Add(instrument);
            }
            catch (InstrumentDefinitionException invalid)
            {
                reasons.AddRange(invalid.Reasons);
            }
        }

        reasons.AddRange(CheckTogether(instruments));
        return reasons.Count > 0 ? throw new InstrumentDefinitionException(reasons) : instruments;
    }

    /// <summary>What only the versions together can say: each version once, and comparability to a version and dimensions that exist.</summary>
    public static IReadOnlyList<string> CheckTogether(IReadOnlyList<Instrument> instruments)
    {
        var reasons = new List<string>();
        foreach (var twice in instruments.GroupBy(i => (i.Key, i.Version)).Where(g => g.Count() > 1))
        {
            reasons.Add($"instruments/{twice.Key.Key}.v{twice.Key.Version}.json at /version: version {twice.Key.Version} of {twice.Key.Key} is defined {twice.Count()} times.");
        }

        foreach (var instrument in instruments.Where(i => i.ComparableTo is not null))
        {
            var file = $"instruments/{instrument.Key}.v{instrument.Version}.json";
            var earlier = instruments.FirstOrDefault(i => i.Key == instrument.Key && i.Version == instrument.ComparableTo!.Version);
            if (earlier is null)
            {
                reasons.Add($"{file} at /comparableTo/version: {instrument.Key} has no version {instrument.ComparableTo!.Version}.");
                continue;
            }

            foreach (var (mine, theirs) in instrument.ComparableTo!.Dimensions.Where(d => earlier.Dimensions.All(e => e.Key != d.Value)))
            {
                reasons.Add($"{file} at /comparableTo/dimensions/{mine}: version {earlier.Version} has no dimension '{theirs}'.");
            }
        }

        return reasons;
    }

    /// <summary>One definition, or an <see cref="InstrumentDefinitionException"/> with every problem in it.</summary>
    public static Instrument Load(string file, string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new InstrumentDefinitionException([$"{file} at line {exception.LineNumber + 1}: not valid JSON."]);
        }

        var result = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var problems = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{file} at {Path(d.InstanceLocation.ToString())}: {e.Value}"))
                .Distinct()
                .ToList();
            throw new InstrumentDefinitionException(problems.Count > 0 ? problems : [$"{file}: does not match instrument.schema.json."]);
        }

        Instrument instrument;
        try
        {
            instrument = root.Deserialize<Instrument>(Options)!;
        }
        catch (JsonException exception)
        {
            // What the schema lets through but a number type cannot hold (1.0 where a whole number belongs).
            throw new InstrumentDefinitionException([$"{file} at {exception.Path?.TrimStart('$').Replace('.', '/') ?? "/"}: not a value of the expected type (a whole number is written without decimals)."]);
        }
        var crossReferences = Check(instrument).Select(p => $"{file} at {p.Path}: {p.Problem}").ToList();
        return crossReferences.Count > 0 ? throw new InstrumentDefinitionException(crossReferences) : instrument;
    }

    private static string Path(string pointer) => pointer is "" or "#" ? "/" : pointer.TrimStart('#');

    /// <summary>What the schema cannot say, as (JSON pointer, problem).</summary>
    public static IReadOnlyList<(string Path, string Problem)> Check(Instrument instrument)
    {
        var problems = new List<(string, string)>();
        var scale = instrument.Scale;
        if (scale.Min >= scale.Max)
        {
            problems.Add(("/scale/max", $"The scale's max ({scale.Max}) must be above its min ({scale.Min})."));
        }

        var labelled = scale.Labels.Select(l => l.Value).ToList();
        if (!labelled.Order().SequenceEqual(Enumerable.Range(scale.Min, Math.Max(0, scale.Max - scale.Min + 1))))
        {
            problems.Add(("/scale/labels", $"Every point from {scale.Min} to {scale.Max} needs exactly one label."));
        }

        var items = new Dictionary<string, InstrumentItem>(StringComparer.Ordinal);
        for (var i = 0; i < instrument.Items.Count; i++)
        {
            if (!items.TryAdd(instrument.Items[i].Id, instrument.Items[i]))
            {
                problems.Add(($"/items/{i}/id", $"Item id '{instrument.Items[i].Id}' is used twice."));
            }
        }

        var dimensions = new Dictionary<string, InstrumentDimension>(StringComparer.Ordinal);
        for (var d = 0; d < instrument.Dimensions.Count; d++)
        {
            var dimension = instrument.Dimensions[d];
            if (!dimensions.TryAdd(dimension.Key, dimension))
            {
                problems.Add(($"/dimensions/{d}/key", $"Dimension key '{dimension.Key}' is used twice."));
            }

            for (var j = 0; j < dimension.Items.Count; j++)
            {
                if (!items.TryGetValue(dimension.Items[j], out var item))
                {
                    problems.Add(($"/dimensions/{d}/items/{j}", $"Item '{dimension.Items[j]}' does not exist."));
                }
                else if (item.Dimension != dimension.Key)
                {
                    problems.Add(($"/dimensions/{d}/items/{j}", $"Item '{item.Id}' belongs to dimension '{item.Dimension}', not '{dimension.Key}'."));
                }
            }
        }

        for (var i = 0; i < instrument.Items.Count; i++)
        {
            var item = instrument.Items[i];
            if (!dimensions.TryGetValue(item.Dimension, out var dimension))
            {
                problems.Add(($"/items/{i}/dimension", $"Item '{item.Id}' names dimension '{item.Dimension}', which does not exist."));
            }
            else if (!dimension.Items.Contains(item.Id))
            {
                problems.Add(($"/items/{i}", $"Item '{item.Id}' is in no dimension: dimension '{item.Dimension}' does not list it."));
            }
        }

        var roleKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < instrument.Roles.Count; r++)
        {
            var role = instrument.Roles[r];
            if (!roleKeys.Add(role.Key))
            {
                problems.Add(($"/roles/{r}/key", $"Role key '{role.Key}' is used twice."));
            }

            if (role.MaxRespondents < role.MinRespondents)
            {
                problems.Add(($"/roles/{r}/maxRespondents", $"Role '{role.Key}' hands out fewer tokens ({role.MaxRespondents}) than it needs respondents ({role.MinRespondents})."));
            }

            for (var j = 0; j < role.Items.Count; j++)
            {
                if (!items.ContainsKey(role.Items[j]))
                {
                    problems.Add(($"/roles/{r}/items/{j}", $"Item '{role.Items[j]}' does not exist."));
                }
            }
        }

        var answered = instrument.Roles.SelectMany(r => r.Items).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < instrument.Items.Count; i++)
        {
            if (!answered.Contains(instrument.Items[i].Id))
            {
                problems.Add(($"/items/{i}", $"Item '{instrument.Items[i].Id}' is answered by no role."));
            }
        }

        for (var c = 0; c < instrument.Classifications.Count; c++)
        {
            var classification = instrument.Classifications[c];
            foreach (var (axis, key, cutOff) in new[] { ("x", classification.X, classification.CutOff.X), ("y", classification.Y, classification.CutOff.Y) })
            {
                if (!dimensions.ContainsKey(key))
                {
                    problems.Add(($"/classifications/{c}/{axis}", $"Dimension '{key}' does not exist."));
                }

                if (cutOff <= scale.Min || cutOff >= scale.Max)
                {
                    problems.Add(($"/classifications/{c}/cutOff/{axis}", $"The cut-off {cutOff} lies outside the scale's inside ({scale.Min} to {scale.Max}, ends excluded)."));
                }
            }

            var corners = classification.Zones.Select(z => (z.X, z.Y)).Distinct().Count();
            if (corners != 4)
            {
                problems.Add(($"/classifications/{c}/zones", "The four zones must be the four corners: low and high on each axis, each once."));
            }
        }

        if (instrument.ComparableTo is { } comparable)
        {
            if (comparable.Version >= instrument.Version)
            {
                problems.Add(("/comparableTo/version", $"Version {instrument.Version} can only continue an earlier version, not {comparable.Version}."));
            }

            foreach (var key in comparable.Dimensions.Keys.Where(k => !dimensions.ContainsKey(k)))
            {
                problems.Add(($"/comparableTo/dimensions/{key}", $"Dimension '{key}' does not exist in this version."));
            }
        }

        return problems;
    }
}
