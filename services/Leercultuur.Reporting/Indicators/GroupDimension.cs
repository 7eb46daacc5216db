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
