using System.Reflection;
using System.Text.Json;

namespace Leercultuur.Scans.Instruments;

/// <summary>
/// Every instrument version the service knows, loaded from the JSON data files shipped with it and
/// checked for consistency at start-up, so a broken file stops the service instead of a scan.
/// </summary>
public sealed class InstrumentCatalog
{
    private readonly Dictionary<(string Key, int Version), Instrument> byKeyAndVersion;

    public InstrumentCatalog(IEnumerable<Instrument> instruments)
    {
        byKeyAndVersion = [];
        foreach (var instrument in instruments)
        {
            Check(instrument);
            byKeyAndVersion.Add((instrument.Key, instrument.Version), instrument);
        }
    }

    public IReadOnlyList<Instrument> All => byKeyAndVersion.Values.OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Version).ToList();

    public static InstrumentCatalog LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var instruments = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("instruments/", StringComparison.Ordinal))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                return JsonSerializer.Deserialize<Instrument>(stream, options) ?? throw new InvalidOperationException($"{name} is empty.");
            });
        return new InstrumentCatalog(instruments);
    }

    public Instrument? Find(string key, int version) => byKeyAndVersion.GetValueOrDefault((key, version));

    public Instrument? Latest(string key) =>
        byKeyAndVersion.Values.Where(i => i.Key == key).MaxBy(i => i.Version);

    private static void Check(Instrument instrument)
    {
        var itemIds = instrument.Items.Select(i => i.Id).ToList();
        if (itemIds.Count == 0 || itemIds.Distinct(StringComparer.Ordinal).Count() != itemIds.Count)
        {
            throw new InvalidOperationException($"Instrument {instrument.Key} v{instrument.Version} needs items with unique ids.");
        }

        if (instrument.Scale.Min >= instrument.Scale.Max)
        {
            throw new InvalidOperationException($"Instrument {instrument.Key} v{instrument.Version} has an empty scale.");
        }

        if (instrument.MinRespondents < 1)
        {
            throw new InvalidOperationException($"Instrument {instrument.Key} v{instrument.Version} needs minRespondents of at least 1.");
        }

        foreach (var dimension in instrument.Dimensions)
        {
            var unknown = dimension.Items.Except(itemIds).ToList();
            if (dimension.Items.Count == 0 || unknown.Count > 0)
            {
                throw new InvalidOperationException($"Dimension {dimension.Key} of {instrument.Key} v{instrument.Version} names unknown or no items: {string.Join(", ", unknown)}.");
            }
        }
    }
}
