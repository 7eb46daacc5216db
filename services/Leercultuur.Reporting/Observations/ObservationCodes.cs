namespace Leercultuur.Reporting.Observations;

/// <summary>
/// The code lists of the grouping dimensions, with the total code <c>_T</c> that SDMX uses for "all of
/// them": a row whose sector is <c>_T</c> is over every sector.
/// </summary>
public static class ObservationCodes
{
    public const string Total = "_T";

    public static IReadOnlyList<SbiCorrespondence.Code> SizeClasses { get; } =
    [
        new("micro", "Micro (minder dan 10 werkzame personen)"),
        new("small", "Klein (10 tot 50)"),
        new("medium", "Middelgroot (50 tot 250)"),
        new("large", "Groot (250 of meer)"),
    ];

    public static IReadOnlyList<SbiCorrespondence.Code> Provinces { get; } =
    [
        new("NL-GR", "Groningen"),
        new("NL-FR", "Fryslân"),
        new("NL-DR", "Drenthe"),
        new("NL-OV", "Overijssel"),
        new("NL-FL", "Flevoland"),
        new("NL-GE", "Gelderland"),
        new("NL-UT", "Utrecht"),
        new("NL-NH", "Noord-Holland"),
        new("NL-ZH", "Zuid-Holland"),
        new("NL-ZE", "Zeeland"),
        new("NL-NB", "Noord-Brabant"),
        new("NL-LI", "Limburg"),
    ];

    public const string TotalLabel = "Totaal";

    public const string NationalLabel = "Nederland (alle organisaties)";

    public static string Label(IReadOnlyList<SbiCorrespondence.Code> codes, string code) =>
        code == Total ? TotalLabel : codes.FirstOrDefault(c => c.Value == code)?.Label ?? code;
}
