using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Leercultuur.Contracts;

/// <summary>
/// A reporting period as events and APIs carry it: a year (<c>2026</c>) or a quarter (<c>2026-Q4</c>),
/// the coded periods statistics users know from StatLine and SDMX.
/// </summary>
public readonly partial record struct Period(int Year, int? Quarter)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>The same rule as <see cref="TryParse"/>, for the OpenAPI documents: a year from 2000 to 2100, optionally a quarter.</summary>
    public const string SchemaPattern = "^(20[0-9]{2}|2100)(-Q[1-4])?$";

    public override string ToString() => Quarter is { } q
        ? string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{q}")
        : Year.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear)
        {
            return false;
        }

        int? quarter = match.Groups["quarter"].Success ? int.Parse(match.Groups["quarter"].Value, CultureInfo.InvariantCulture) : null;
        period = new Period(year, quarter);
        return true;
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period such as 2026 or 2026-Q4.");

    [GeneratedRegex(@"^(?<year>[0-9]{4})(-Q(?<quarter>[1-4]))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
