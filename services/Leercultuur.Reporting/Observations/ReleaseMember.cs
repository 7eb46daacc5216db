using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Leercultuur.Reporting.Aggregation;

namespace Leercultuur.Reporting.Observations;

/// <summary>One organisation in a release: where it sits (its atom) and what it adds.</summary>
public sealed record ReleaseMember(
    Guid OrganisationId,
    string Section,
    string SizeClass,
    string Province,
    int Respondents,
    IReadOnlyDictionary<string, double> Means,
    IReadOnlyDictionary<string, double> Scores100,
    IReadOnlyList<Guid> Programmes,
    Guid ScanId = default,
    IReadOnlyDictionary<string, RoleFigures>? Roles = null,
    int InstrumentVersion = 0,
    IReadOnlyList<int>? UsedVersions = null)
{
    /// <summary>The instrument versions of the scans the organisation counts with (several where its teams used several).</summary>
    public IReadOnlyList<int> Versions => UsedVersions ?? [InstrumentVersion];

    /// <summary>The tables this organisation is in: each dimension over all respondents, and over each role that has it.</summary>
    public IEnumerable<TableKey> Tables =>
        Means.Keys.Select(TableKey.AllRoles)
            .Concat((Roles ?? new Dictionary<string, RoleFigures>()).SelectMany(r => r.Value.Means.Keys.Select(d => new TableKey(d, r.Key))));

    /// <summary>What the organisation adds to a table: its respondents there, its mean and its 0–100 score (null when it has none).</summary>
    public bool TryGet(TableKey table, out int respondents, out double mean, out double? score)
    {
        respondents = 0;
        mean = 0;
        score = null;
        if (!table.IsRole)
        {
            if (!Means.TryGetValue(table.Dimension, out mean))
            {
                return false;
            }

            respondents = Respondents;
            score = Scores100.TryGetValue(table.Dimension, out var s) ? s : null;
            return true;
        }

        if (Roles is null || !Roles.TryGetValue(table.Role, out var role) || !role.Means.TryGetValue(table.Dimension, out mean))
        {
            return false;
        }

        respondents = role.Respondents;
        score = role.Scores100.TryGetValue(table.Dimension, out var r) ? r : null;
        return true;
    }

    public bool In(TableKey table) => TryGet(table, out _, out _, out _);

    public string Atom => $"{Section}|{SizeClass}|{Province}";

    /// <summary>A digest of everything the organisation adds to any cell: equal digests, equal contributions.</summary>
    public string Fingerprint
    {
        get
        {
            var figures = new
            {
                Respondents,
                Means = Means.OrderBy(m => m.Key, StringComparer.Ordinal).ToList(),
                Scores100 = Scores100.OrderBy(m => m.Key, StringComparer.Ordinal).ToList(),
                Programmes = Programmes.Order().ToList(),
            };

            // Roles only where there are any: a member without roles keeps the fingerprint releases made before
            // roles were kept recorded, so the first revision after the upgrade does not see every organisation as changed.
            var text = Roles is not { Count: > 0 }
                ? JsonSerializer.Serialize(figures)
                : JsonSerializer.Serialize(new { figures.Respondents, figures.Means, figures.Scores100, figures.Programmes, Roles = RoleFigures.Serialize(Roles) });
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <param name="table">The table of the release each of the row's dimension keys goes to (its series); null: the key itself.</param>
    public static ReleaseMember? From(MemberRow row, TableGeometry geometry, Func<string, string>? table = null)
    {
        var section = SbiCorrespondence.Instance.To2025(row.SbiVersion, row.SectorSection, row.SbiCode);
        if (!geometry.TryAtom(section, row.SizeClass, row.Province, out _))
        {
            // A classification outside the code lists (a section SBI no longer has) cannot be placed in any cell.
            return null;
        }

        var means = JsonSerializer.Deserialize<Dictionary<string, double>>(row.Scores)!;
        var scores100 = JsonSerializer.Deserialize<Dictionary<string, double>>(string.IsNullOrEmpty(row.Scores100) ? "{}" : row.Scores100)!;
        var roles = RoleFigures.Parse(row.Roles);
        // Keys that stay as they are leave the figures as stored (their order is part of the fingerprint).
        if (table is not null && !means.Keys.Concat(scores100.Keys).Concat(roles.Values.SelectMany(r => r.Means.Keys.Concat(r.Scores100.Keys).Concat(r.DimensionRespondents.Keys))).All(k => table(k) == k))
        {
            means = Keyed(means, table);
            scores100 = Keyed(scores100, table);
            roles = roles.ToDictionary(
                r => r.Key,
                r => r.Value with { Means = Keyed(r.Value.Means, table), Scores100 = Keyed(r.Value.Scores100, table), DimensionRespondents = Keyed(r.Value.DimensionRespondents, table) },
                StringComparer.Ordinal);
        }

        return new ReleaseMember(
            row.OrganisationId,
            section,
            row.SizeClass,
            row.Province,
            row.RespondentCount,
            means,
            scores100,
            new Contribution { ProgrammeIds = row.ProgrammeIds }.Programmes(),
            row.ScanId,
            roles,
            row.InstrumentVersion);
    }

    // In the stored order; two keys put together keep the first (as TeamFact.Keyed does).
    private static Dictionary<string, T> Keyed<T>(Dictionary<string, T> figures, Func<string, string> table)
    {
        var keyed = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in figures)
        {
            keyed.TryAdd(table(key), value);
        }

        return keyed;
    }
}

/// <summary>A contribution as the release reads it.</summary>
public sealed class MemberRow
{
    public Guid OrganisationId { get; init; }

    public Guid ScanId { get; init; }

    public int InstrumentVersion { get; init; }

    public int SbiVersion { get; init; }

    public string SectorSection { get; init; } = "";

    public string SbiCode { get; init; } = "";

    public string SizeClass { get; init; } = "";

    public string Province { get; init; } = "";

    public int RespondentCount { get; init; }

    public string Scores { get; init; } = "{}";

    public string Scores100 { get; init; } = "{}";

    public string ProgrammeIds { get; init; } = "";

    public string Roles { get; init; } = "{}";
}

/// <summary>A member as the previous release recorded it.</summary>
public sealed class RecordedMember
{
    public Guid OrganisationId { get; init; }

    public string Atom { get; init; } = "";

    public string Fingerprint { get; init; } = "";

    public string ProgrammeIds { get; init; } = "";
}
