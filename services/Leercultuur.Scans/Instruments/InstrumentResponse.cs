namespace Leercultuur.Scans.Instruments;

/// <summary>An instrument version in one language (nl or en, from Accept-Language; Dutch where English is missing).</summary>
public sealed record InstrumentResponse(
    string Key,
    int Version,
    string Status,
    string Language,
    string Name,
    string Description,
    string Source,
    string Level,
    string RatingMode,
    bool Benchmark,
    int MinRespondents,
    ScaleResponse Scale,
    IReadOnlyList<RoleResponse> Roles,
    IReadOnlyList<DimensionResponse> Dimensions,
    IReadOnlyList<ItemResponse> Items,
    IReadOnlyList<ClassificationResponse> Classifications,
    Comparability? ComparableTo)
{
    public static InstrumentResponse From(Instrument instrument, string language) => new(
        instrument.Key,
        instrument.Version,
        instrument.Status,
        language,
        instrument.Title.In(language),
        instrument.Description.In(language),
        instrument.Source.In(language),
        instrument.Level,
        instrument.RatingMode,
        instrument.Benchmark,
        instrument.MinRespondents,
        new ScaleResponse(instrument.Scale.Min, instrument.Scale.Max, instrument.Scale.Labels.Select(l => new ScaleLabelResponse(l.Value, l.Label.In(language))).ToList()),
        instrument.Roles.Select(r => new RoleResponse(r.Key, r.Label.In(language), r.Items, r.MinRespondents, r.MaxRespondents)).ToList(),
        instrument.Dimensions.Select(d => new DimensionResponse(d.Key, d.Label.In(language), d.Description?.In(language), d.Items)).ToList(),
        instrument.Items.Select(i => new ItemResponse(i.Id, i.Text.In(language), i.Dimension, i.Reverse)).ToList(),
        instrument.Classifications.Select(c => new ClassificationResponse(
            c.Key,
            c.Label.In(language),
            c.X,
            c.Y,
            c.CutOff,
            c.Zones.Select(z => new ZoneResponse(z.Key, z.Label.In(language), z.X, z.Y, z.Description?.In(language))).ToList())).ToList(),
        instrument.ComparableTo);
}

public sealed record ScaleResponse(int Min, int Max, IReadOnlyList<ScaleLabelResponse> Labels);

public sealed record ScaleLabelResponse(int Value, string Label);

public sealed record RoleResponse(string Key, string Label, IReadOnlyList<string> Items, int MinRespondents, int MaxRespondents);

public sealed record DimensionResponse(string Key, string Name, string? Description, IReadOnlyList<string> Items);

public sealed record ItemResponse(string Id, string Text, string Dimension, bool Reverse);

public sealed record ClassificationResponse(string Key, string Label, string X, string Y, CutOff CutOff, IReadOnlyList<ZoneResponse> Zones);

public sealed record ZoneResponse(string Key, string Label, string X, string Y, string? Description);
