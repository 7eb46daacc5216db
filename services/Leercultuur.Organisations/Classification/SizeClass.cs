namespace Leercultuur.Organisations.Classification;

/// <summary>EU SME size classes by headcount (werkzame personen): the raw headcount is stored, the class derived.</summary>
public static class SizeClass
{
    public const string Micro = "micro";
    public const string Small = "small";
    public const string Medium = "medium";
    public const string Large = "large";

    public static readonly IReadOnlyList<string> All = [Micro, Small, Medium, Large];

    public static string FromHeadcount(int employees) => employees switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(employees), "A headcount cannot be negative."),
        < 10 => Micro,
        < 50 => Small,
        < 250 => Medium,
        _ => Large,
    };
}
