namespace Leercultuur.Organisations.Classification;

/// <summary>The twelve provinces by ISO 3166-2:NL code; names are accepted on input and mapped to the code.</summary>
public static class Province
{
    private static readonly (string Code, string Name, string[] Aliases)[] Provinces =
    [
        ("NL-GR", "Groningen", []),
        ("NL-FR", "Fryslân", ["Friesland", "Fryslan"]),
        ("NL-DR", "Drenthe", []),
        ("NL-OV", "Overijssel", []),
        ("NL-FL", "Flevoland", []),
        ("NL-GE", "Gelderland", []),
        ("NL-UT", "Utrecht", []),
        ("NL-NH", "Noord-Holland", []),
        ("NL-ZH", "Zuid-Holland", []),
        ("NL-ZE", "Zeeland", []),
        ("NL-NB", "Noord-Brabant", []),
        ("NL-LI", "Limburg", []),
    ];

    private static readonly Dictionary<string, string> CodeByKey = Provinces
        .SelectMany(p => new[] { p.Code, p.Name }.Concat(p.Aliases).Select(key => (key, p.Code)))
        .ToDictionary(x => x.key, x => x.Code, StringComparer.Ordinal);

    /// <summary>Every accepted spelling: the codes, the names and the names' variants, exactly as written.</summary>
    public static IReadOnlyList<string> Accepted { get; } = CodeByKey.Keys.Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Codes { get; } = Provinces.Select(p => p.Code).ToList();

    /// <summary>
    /// The ISO code for a code or a name, written exactly as listed (the OpenAPI document lists the same
    /// spellings, so what the document allows and what the service accepts are one set); false otherwise.
    /// </summary>
    public static bool TryNormalise(string? codeOrName, out string code)
    {
        code = "";
        return codeOrName is not null && CodeByKey.TryGetValue(codeOrName, out code!);
    }

    public static string NameOf(string code) => Provinces.First(p => p.Code == code).Name;
}
