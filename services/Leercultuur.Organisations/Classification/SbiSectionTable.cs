using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Leercultuur.Organisations.Classification;

/// <summary>
/// Derives the SBI section from a code's 2-digit division, per SBI version. The table is data
/// (<c>sbi-sections.json</c>) because it changes with each SBI revision.
/// </summary>
public sealed class SbiSectionTable
{
    private readonly Dictionary<(int Version, int Division), SbiSection> byDivision;
    private readonly Dictionary<int, IReadOnlyList<SbiSection>> sectionsByVersion;

    public SbiSectionTable(IEnumerable<SbiVersionData> versions)
    {
        byDivision = [];
        foreach (var version in versions)
        {
            foreach (var section in version.Sections)
            {
                foreach (var division in ExpandDivisions(section.Divisions))
                {
                    byDivision.Add((version.SbiVersion, division), new SbiSection(version.SbiVersion, section.Section, section.Name));
                }
            }
        }

        Versions = versions.Select(v => v.SbiVersion).Order().ToList();
        sectionsByVersion = versions.ToDictionary(v => v.SbiVersion, v => (IReadOnlyList<SbiSection>)v.Sections.Select(s => new SbiSection(v.SbiVersion, s.Section, s.Name)).ToList());
        SectionLetters = sectionsByVersion.Values.SelectMany(v => v.Select(s => s.Section)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<int> Versions { get; }

    // The embedded table, read once for the OpenAPI documents' enums (the service validates with its own instance of the same data).
    private static readonly Lazy<SbiSectionTable> Embedded = new(LoadEmbedded);

    /// <summary>Every section letter of any SBI version, from the embedded table: for the OpenAPI documents.</summary>
    public static IReadOnlyList<string> AllSectionLetters => Embedded.Value.SectionLetters;

    /// <summary>Every SBI version of the embedded table: for the OpenAPI documents.</summary>
    public static IReadOnlyList<int> AllVersions => Embedded.Value.Versions;

    /// <summary>Every section letter of any SBI version (SBI 2025 adds V).</summary>
    public IReadOnlyList<string> SectionLetters { get; }

    public IReadOnlyList<SbiSection> Sections(int version) => sectionsByVersion[version];

    /// <summary>The 2-digit divisions of a version with the section each belongs to, in order.</summary>
    public IReadOnlyList<(string Division, SbiSection Section)> Divisions(int version) =>
        byDivision.Where(d => d.Key.Version == version)
            .OrderBy(d => d.Key.Division)
            .Select(d => (d.Key.Division.ToString("D2", CultureInfo.InvariantCulture), d.Value))
            .ToList();

    public static SbiSectionTable LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("sbi-sections.json")
            ?? throw new InvalidOperationException("sbi-sections.json is not embedded.");
        var file = JsonSerializer.Deserialize<SbiFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("sbi-sections.json is empty.");
        return new SbiSectionTable(file.Versions);
    }

    /// <summary>Normalises <paramref name="code"/> (digits, dots allowed) and finds its section.</summary>
    public SbiLookup Lookup(int version, string code)
    {
        if (!Versions.Contains(version))
        {
            return SbiLookup.Fail($"SBI version must be one of {string.Join(", ", Versions)}.");
        }

        var digits = code.Replace(".", "", StringComparison.Ordinal);
        if (digits.Length is < 2 or > 5 || !digits.All(char.IsAsciiDigit))
        {
            return SbiLookup.Fail("An SBI code has 2 to 5 digits, optionally with dots (for example 6201 or 62.01).");
        }

        var division = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        return byDivision.TryGetValue((version, division), out var section)
            ? SbiLookup.Ok(digits, section)
            : SbiLookup.Fail($"Division {digits[..2]} does not exist in SBI {version}.");
    }

    private static IEnumerable<int> ExpandDivisions(string range)
    {
        var parts = range.Split('-');
        var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var last = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        return Enumerable.Range(first, last - first + 1);
    }

    private sealed record SbiFile(IReadOnlyList<SbiVersionData> Versions);
}

public sealed record SbiVersionData(int SbiVersion, IReadOnlyList<SbiSectionData> Sections);

public sealed record SbiSectionData(string Section, string Name, string Divisions);

public sealed record SbiSection(int SbiVersion, string Section, string Name);

public sealed record SbiLookup(bool Found, string Code, SbiSection? Section, string Error)
{
    public static SbiLookup Ok(string code, SbiSection section) => new(true, code, section, "");

    public static SbiLookup Fail(string error) => new(false, "", null, error);
}
