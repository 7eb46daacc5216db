namespace Leercultuur.Reporting.Indicators;

/// <summary>The dimensions analysts can group indicators by, with the columns each stands for.</summary>
public enum GroupDimension
{
    Sector,
    SizeClass,
    Province,
}

public static class GroupDimensions
{
    public static readonly IReadOnlyDictionary<string, GroupDimension> ByName = new Dictionary<string, GroupDimension>(StringComparer.Ordinal)
    {
        ["sector"] = GroupDimension.Sector,
        ["sizeClass"] = GroupDimension.SizeClass,
        ["province"] = GroupDimension.Province,
    };

    /// <summary>
    /// Every ordered selection of one to three different dimensions, comma-separated: the document's pattern
    /// for groupBy. Written out because a regular expression cannot say "each once" otherwise; a test holds it
    /// equal to <see cref="TryParse"/>.
    /// </summary>
    public const string Pattern =
        "^(sector|sizeClass|province" +
        "|sector,sizeClass|sector,province|sizeClass,sector|sizeClass,province|province,sector|province,sizeClass" +
        "|sector,sizeClass,province|sector,province,sizeClass|sizeClass,sector,province|sizeClass,province,sector|province,sector,sizeClass|province,sizeClass,sector)$";

    /// <summary>Reads groupBy exactly: names as listed, comma-separated without spaces, each once.</summary>
    public static bool TryParse(string text, out IReadOnlyList<GroupDimension> dimensions)
    {
        var found = new List<GroupDimension>();
        dimensions = found;
        foreach (var name in text.Split(','))
        {
            if (!ByName.TryGetValue(name, out var dimension) || found.Contains(dimension))
            {
                return false;
            }

            found.Add(dimension);
        }

        return true;
    }

    public static string Columns(GroupDimension dimension) => dimension switch
    {
        GroupDimension.Sector => "sbi_version, sector_section",
        GroupDimension.SizeClass => "size_class",
        GroupDimension.Province => "province",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    /// <summary>Every ordered selection without repeats, for building and testing every query shape.</summary>
    public static IEnumerable<IReadOnlyList<GroupDimension>> AllCombinations()
    {
        var all = Enum.GetValues<GroupDimension>();
        return Enumerable.Range(0, 1 << all.Length)
            .Select(mask => (IReadOnlyList<GroupDimension>)all.Where((_, i) => (mask & (1 << i)) != 0).ToList());
    }
}
