namespace Leercultuur.Scans.Instruments;

/// <summary>
/// Every instrument version the service knows, loaded from the JSON data files shipped with it and
/// checked for consistency at start-up, so a broken file stops the service instead of a scan.
/// </summary>
public sealed class InstrumentCatalog
{
    // Replaced whole, never changed in place: a reader sees one consistent set.
    private volatile Dictionary<(string Key, int Version), Instrument> byKeyAndVersion;

    public InstrumentCatalog(IEnumerable<Instrument> instruments)
    {
        Shipped = instruments.ToList();
        byKeyAndVersion = Index(Shipped);
    }

    /// <summary>The definitions this build ships (what the catalog holds until the database is read).</summary>
    public IReadOnlyList<Instrument> Shipped { get; }

    /// <summary>Every version as the database holds it: the shipped ones and those uploaded.</summary>
    public void Replace(IReadOnlyList<Instrument> instruments) => byKeyAndVersion = Index(instruments);

    private static Dictionary<(string Key, int Version), Instrument> Index(IEnumerable<Instrument> instruments)
    {
        var index = new Dictionary<(string Key, int Version), Instrument>();
        foreach (var instrument in instruments)
        {
            Check(instrument);
            index[(instrument.Key, instrument.Version)] = instrument;
        }

        return index;
    }

    /// <summary>The versions that can be started, as the instrument list shows them.</summary>
    public IReadOnlyList<Instrument> Published => All.Where(i => i.Status == Instrument.Published).ToList();

    public IReadOnlyList<Instrument> All => byKeyAndVersion.Values.OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Version).ToList();

    /// <summary>The definitions shipped with the service, each checked; a bad one stops start-up.</summary>
    public static InstrumentCatalog LoadEmbedded() => new(InstrumentDefinitions.LoadEmbedded());

    public Instrument? Find(string key, int version) => byKeyAndVersion.GetValueOrDefault((key, version));

    /// <summary>The latest published version: what a scan started without a version gets.</summary>
    public Instrument? Latest(string key) =>
        byKeyAndVersion.Values.Where(i => i.Key == key && i.Status == Instrument.Published).MaxBy(i => i.Version);

    private static void Check(Instrument instrument)
    {
        var problems = InstrumentDefinitions.Check(instrument);
        if (problems.Count > 0)
        {
            throw new InstrumentDefinitionException(problems.Select(p => $"{instrument.Key} v{instrument.Version} at {p.Path}: {p.Problem}").ToList());
        }
    }
}
