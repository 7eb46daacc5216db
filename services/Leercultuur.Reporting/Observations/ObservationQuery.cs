using System.Text.RegularExpressions;
using Leercultuur.Contracts;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Reporting.Observations;

/// <summary>A validated observations query: what rows to give, over which periods, in which SBI view.</summary>
public sealed partial record ObservationQuery(
    string Instrument,
    IReadOnlyList<string> Dimensions,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> GroupBy,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> SizeClasses,
    IReadOnlyList<string> Provinces,
    IReadOnlyList<Guid> Programmes,
    int SbiVersion,
    Period? Start,
    Period? End,
    DateTimeOffset? UpdatedAfter)
{
    public const string Sector = "sector";
    public const string SizeClass = "sizeClass";
    public const string Province = "province";
    public const string Programme = "programme";

    public static IReadOnlyList<string> GroupNames { get; } = [Sector, SizeClass, Province, Programme];

    /// <summary>At most this many rows in one answer: a larger table is asked for in parts.</summary>
    public const int MaxRows = 10_000;

    /// <summary>At most this many periods in one range (ten years of quarters).</summary>
    public const int MaxPeriods = 40;

    public const int MaxProgrammes = 50;

    public const int MaxRoles = 20;

    /// <summary>Role keys or _T (all respondents), up to <see cref="MaxRoles"/>.</summary>
    public const string RoleListPattern = "^(_T|[a-z0-9][a-z0-9-]{0,99})(,(_T|[a-z0-9][a-z0-9-]{0,99})){0,19}$";

    public const string RolePattern = "^(_T|[a-z0-9][a-z0-9-]{0,99})$";

    /// <summary>Whether only the all-respondents rows are asked for (the default).</summary>
    public bool AllRespondentsOnly => Roles.Count == 1 && Roles[0] == ObservationCodes.Total;

    public const string DimensionListPattern = "^[a-z0-9][a-z0-9-]{0,99}(,[a-z0-9][a-z0-9-]{0,99}){0,49}$";

    public const string SectorListPattern = "^([A-V]|_T)(,([A-V]|_T)){0,22}$";

    public const string SizeClassListPattern = "^(micro|small|medium|large|_T)(,(micro|small|medium|large|_T)){0,4}$";

    public const string ProvinceListPattern = "^(NL-(GR|FR|DR|OV|FL|GE|UT|NH|ZH|ZE|NB|LI)|_T)(,(NL-(GR|FR|DR|OV|FL|GE|UT|NH|ZH|ZE|NB|LI)|_T)){0,12}$";

    public const string ProgrammeListPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}){0,49}$";

    /// <summary>Every ordered selection of one to four different grouping names, comma-separated: groupBy's pattern, written out because a regular expression cannot say "each once" otherwise.</summary>
    public static string GroupByPattern { get; } = "^(" + string.Join("|", Selections(GroupNames)) + ")$";

    public bool Groups(string dimension) => GroupBy.Contains(dimension);

    public static ObservationQuery? Parse(
        ValidationErrors errors,
        string? instrument,
        string? dimension,
        string? role,
        string? groupBy,
        string? sector,
        string? sizeClass,
        string? province,
        string? programme,
        int? sbiVersion,
        string? startPeriod,
        string? endPeriod,
        DateTimeOffset? updatedAfter)
    {
        errors.Require(instrument is not null && Key().IsMatch(instrument), "instrument", "An instrument key is required (lowercase letters, digits and hyphens, at most 100).");
        var dimensions = List(errors, "dimension", dimension, 50, d => Key().IsMatch(d), "dimension takes up to 50 dimension keys (lowercase letters, digits and hyphens), comma-separated.");
        var roles = role is null
            ? [ObservationCodes.Total]
            : List(errors, "role", role, MaxRoles, r => r == ObservationCodes.Total || Key().IsMatch(r), $"role takes up to {MaxRoles} role keys (lowercase letters, digits and hyphens) or _T (all respondents), comma-separated.");
        var groups = List(errors, "groupBy", groupBy, 4, GroupNames.Contains, $"groupBy takes up to four of {string.Join(", ", GroupNames)}, comma-separated without spaces, each once.");
        if (groupBy is not null && groupBy.Split(',').Distinct(StringComparer.Ordinal).Count() != groupBy.Split(',').Length)
        {
            errors.Add("groupBy", $"groupBy takes up to four of {string.Join(", ", GroupNames)}, comma-separated without spaces, each once.");
        }

        var sections = SbiCorrespondence.Instance.Sections(sbiVersion ?? SbiCorrespondence.Sbi2025).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        var sectors = List(errors, "sector", sector, 23, s => s == ObservationCodes.Total || sections.Contains(s), $"sector takes SBI {sbiVersion ?? SbiCorrespondence.Sbi2025} section letters or _T (the total), comma-separated.");
        var sizes = List(errors, "sizeClass", sizeClass, 5, s => s == ObservationCodes.Total || ObservationCodes.SizeClasses.Any(c => c.Value == s), "sizeClass takes micro, small, medium, large or _T (the total), comma-separated.");
        var provinces = List(errors, "province", province, 13, s => s == ObservationCodes.Total || ObservationCodes.Provinces.Any(c => c.Value == s), "province takes ISO 3166-2:NL province codes (NL-UT) or _T (the total), comma-separated.");
        // Ids compare as ids (any letter case), and the all-zero id is no programme.
        var programmes = List(errors, "programme", programme, MaxProgrammes, p => Guid.TryParseExact(p, "D", out var id) && id != Guid.Empty, $"programme takes up to {MaxProgrammes} programme ids (not the all-zero id), comma-separated.")
            .Select(p => Guid.ParseExact(p, "D"))
            .Distinct()
            .ToList();
        foreach (var (name, values) in new[] { (Sector, sectors), (SizeClass, sizes), (Province, provinces), (Programme, programmes.Select(p => p.ToString()).ToList()) })
        {
            if (values.Count > 0 && !groups.Contains(name))
            {
                errors.Add(name, $"{name} picks rows of a grouping by {name}: add {name} to groupBy.");
            }
        }

        errors.Require(sbiVersion is null or SbiCorrespondence.Sbi2008 or SbiCorrespondence.Sbi2025, "sbiVersion", "sbiVersion is 2025 (the default) or 2008.");
        Period? start = null;
        Period? end = null;
        if (startPeriod is not null)
        {
            errors.Require(Contracts.Period.TryParse(startPeriod, out var parsed), "startPeriod", "startPeriod is a quarter (2026-Q1) or a year (2026).");
            start = Contracts.Period.TryParse(startPeriod, out parsed) ? parsed : null;
        }

        if (endPeriod is not null)
        {
            errors.Require(Contracts.Period.TryParse(endPeriod, out var parsed), "endPeriod", "endPeriod is a quarter (2026-Q4) or a year (2026).");
            end = Contracts.Period.TryParse(endPeriod, out parsed) ? parsed : null;
        }

        if (start is { } s && end is { } e)
        {
            if ((s.Quarter is null) != (e.Quarter is null))
            {
                errors.Add("endPeriod", "startPeriod and endPeriod are both quarters or both years, not one of each.");
            }
            else if (Index(e) < Index(s))
            {
                errors.Add("endPeriod", "endPeriod comes before startPeriod.");
            }
            else if (Index(e) - Index(s) + 1 > MaxPeriods)
            {
                errors.Add("endPeriod", $"A range holds at most {MaxPeriods} periods.");
            }
        }

        if (errors.IsEmpty)
        {
            return new ObservationQuery(instrument!, dimensions, roles, groups, sectors, sizes, provinces, programmes, sbiVersion ?? SbiCorrespondence.Sbi2025, start, end, updatedAfter);
        }

        return null;
    }

    /// <summary>A period's place in its granularity's sequence: quarters count in quarters, years in years.</summary>
    public static int Index(Period period) => period.Quarter is { } q ? (period.Year * 4) + q - 1 : period.Year;

    /// <summary>The periods of the range, in order; null bounds are filled from <paramref name="held"/>.</summary>
    public IReadOnlyList<Period> PeriodsFrom(IEnumerable<Period> held)
    {
        var quarters = Start is { } s ? s.Quarter is not null : End is not { } e || e.Quarter is not null;
        var candidates = held.Where(p => (p.Quarter is not null) == quarters).ToList();
        if (Start is null && End is null)
        {
            // No range: the most recent periods held, as many as one range may hold.
            return candidates.Distinct().OrderBy(Index).TakeLast(MaxPeriods).ToList();
        }

        var first = Start is { } a ? Index(a) : candidates.Count == 0 ? Index(End!.Value) : Math.Min(candidates.Min(Index), Index(End!.Value));
        var last = End is { } b ? Index(b) : candidates.Count == 0 ? first : Math.Max(candidates.Max(Index), first);
        first = Math.Max(first, last - MaxPeriods + 1);
        return Enumerable.Range(first, last - first + 1)
            .Select(i => quarters ? new Period(i / 4, (i % 4) + 1) : new Period(i, null))
            .ToList();
    }

    private static List<string> List(ValidationErrors errors, string name, string? text, int max, Func<string, bool> valid, string message)
    {
        if (text is null)
        {
            return [];
        }

        // A code given twice is given once: the documents' patterns cannot say "each once" for lists this long.
        var items = text.Split(',');
        if (items.Length > max || items.Any(i => !valid(i)))
        {
            errors.Add(name, message);
            return [];
        }

        return items.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Selections(IReadOnlyList<string> names)
    {
        IEnumerable<List<string>> Extend(List<string> prefix) =>
            names.Where(n => !prefix.Contains(n)).SelectMany(n =>
            {
                var next = prefix.Append(n).ToList();
                return Extend(next).Prepend(next);
            });
        return Extend([]).OrderBy(s => s.Count).Select(s => string.Join(",", s));
    }

    // Instrument and dimension keys alike (IndicatorsApi.InstrumentKeyPattern).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Key();
}
