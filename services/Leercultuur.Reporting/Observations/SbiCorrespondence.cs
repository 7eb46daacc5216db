using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Puts every organisation in one SBI 2025 section, whichever SBI version its code is in, and derives the
/// SBI 2008 view from that section. The table is data (<c>sbi-2008-2025.json</c>, with its source named)
/// because it is CBS's to change, not ours.
/// </summary>
/// <remarks>
/// Reporting keeps one sector partition (SBI 2025 sections) and offers SBI 2008 as a coarsening of it:
/// 2025 J and K together are 2008 J, every other 2025 section is one 2008 section under another letter.
/// So both views are sums of the same base cells and disclosure control can treat them as one table
/// family (a 2008 J cell is the sum of two 2025 cells, nothing more).
/// </remarks>
public sealed class SbiCorrespondence
{
    public const int Sbi2008 = 2008;
    public const int Sbi2025 = 2025;

    private readonly Dictionary<int, string> divisionTo2025 = [];
    private readonly Dictionary<string, string> section2008To2025;
    private readonly Dictionary<string, string> view2008;

    private SbiCorrespondence(File file)
    {
        foreach (var range in file.Divisions2008To2025)
        {
            var bounds = range.Divisions.Split('-');
            var from = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var to = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            for (var division = from; division <= to; division++)
            {
                divisionTo2025.Add(division, range.Section);
            }
        }

        section2008To2025 = file.Sections2008To2025;
        view2008 = file.View2008;
        Sections2025 = file.Sections2025.Select(s => new Code(s.Code, s.Label)).ToList();
        Sections2008 = file.Sections2008.Select(s => new Code(s.Code, s.Label)).ToList();
        Source = file.Source;
        Rule = file.Rule;
    }

    public static SbiCorrespondence Instance { get; } = Load();

    public IReadOnlyList<Code> Sections2025 { get; }

    public IReadOnlyList<Code> Sections2008 { get; }

    public string Source { get; }

    public string Rule { get; }

    public IReadOnlyList<Code> Sections(int sbiVersion) => sbiVersion == Sbi2008 ? Sections2008 : Sections2025;

    /// <summary>
    /// The SBI 2025 section of an organisation classified as <paramref name="section"/> in
    /// <paramref name="sbiVersion"/>, from its code's division where known (facts from before the code was
    /// kept have only the section: a 2008 section then goes to the 2025 section most of it goes to).
    /// </summary>
    public string To2025(int sbiVersion, string section, string? sbiCode)
    {
        if (sbiVersion != Sbi2008)
        {
            return section;
        }

        var digits = sbiCode?.Replace(".", "", StringComparison.Ordinal) ?? "";
        if (digits.Length >= 2 && int.TryParse(digits.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var division)
            && divisionTo2025.TryGetValue(division, out var byDivision))
        {
            return byDivision;
        }

        return section2008To2025.GetValueOrDefault(section, section);
    }

    /// <summary>The section a 2025 section is shown under in the SBI 2008 view.</summary>
    public string In2008View(string section2025) => view2008.GetValueOrDefault(section2025, section2025);

    /// <summary>The section letter of <paramref name="section2025"/> in the view of <paramref name="sbiVersion"/>.</summary>
    public string InView(int sbiVersion, string section2025) => sbiVersion == Sbi2008 ? In2008View(section2025) : section2025;

    private static SbiCorrespondence Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("sbi-2008-2025.json")
            ?? throw new InvalidOperationException("sbi-2008-2025.json is not embedded.");
        var file = JsonSerializer.Deserialize<File>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("sbi-2008-2025.json is empty.");
        return new SbiCorrespondence(file);
    }

    public sealed record Code(string Value, string Label);

    private sealed record File(
        string Source,
        string Rule,
        List<Entry> Sections2008,
        List<Entry> Sections2025,
        List<DivisionRange> Divisions2008To2025,
        Dictionary<string, string> Sections2008To2025,
        Dictionary<string, string> View2008);

    private sealed record Entry(string Code, string Label);

    private sealed record DivisionRange(string Divisions, string Section);
}
