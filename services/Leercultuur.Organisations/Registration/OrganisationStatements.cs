using Leercultuur.Data;

namespace Leercultuur.Organisations.Registration;

public sealed class OrganisationStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Columns =
        "id, name, kvk_number, sbi_version, sbi_code, sbi_section, sbi_section_name, employees, size_class, province, registered_at, version";

    private const string Visible = "EXISTS (SELECT 1 FROM programme_members m WHERE m.organisation_id = o.id AND m.programme_id = @programme)";

    private readonly ISqlDialect dialect = dialect;

    public string Insert { get; } =
        $"INSERT INTO organisations ({Columns}) VALUES (@Id, @Name, @KvkNumber, @SbiVersion, @SbiCode, @SbiSection, @SbiSectionName, @Employees, @SizeClass, @Province, @RegisteredAt, @Version)";

    public string GetById { get; } = $"SELECT {Columns} FROM organisations o WHERE o.id = @id";

    /// <summary>Only when the organisation belongs to <c>@programme</c>.</summary>
    public string GetByIdInProgramme { get; } = $"SELECT {Columns} FROM organisations o WHERE o.id = @id AND {Visible}";

    public string GetByKvkNumber { get; } = $"SELECT {Columns} FROM organisations o WHERE o.kvk_number = @kvkNumber";

    public string ProgrammeIdsOf { get; } = "SELECT programme_id FROM programme_members WHERE organisation_id = @id ORDER BY programme_id";

    /// <summary>Takes the organisation's row lock first: concurrent changes to one organisation then get consecutive versions.</summary>
    public string BumpVersion { get; } = "UPDATE organisations SET version = version + 1 WHERE id = @id";

    // Takes the row's write lock without changing it (every engine locks a row an UPDATE matches).
    public string LockRow { get; } = "UPDATE organisations SET version = version WHERE id = @id";

    public string VersionOf { get; } = "SELECT version FROM organisations WHERE id = @id";

    /// <summary>Conditional on the version the client read (If-Match): a change made meanwhile makes this update nothing.</summary>
    public string UpdateProfile { get; } =
        "UPDATE organisations SET name = @Name, sbi_version = @SbiVersion, sbi_code = @SbiCode, sbi_section = @SbiSection, " +
        "sbi_section_name = @SbiSectionName, employees = @Employees, size_class = @SizeClass, province = @Province, version = version + 1 " +
        "WHERE id = @Id AND version = @ExpectedVersion";

    public string Delete { get; } = "DELETE FROM organisations WHERE id = @id";

    public string InsertTombstone { get; } = dialect.Upsert(new UpsertSpec("erased_organisations", ["organisation_id"], ["programme_ids", "erased_at"], []));

    public string FindTombstone { get; } = "SELECT programme_ids FROM erased_organisations WHERE organisation_id = @id";

    public string AddMember { get; } = dialect.Upsert(new UpsertSpec("programme_members", ["programme_id", "organisation_id"], ["joined_at"], []));

    public string RemoveMember { get; } = "DELETE FROM programme_members WHERE programme_id = @programme_id AND organisation_id = @organisation_id";

    /// <summary>A page of the list: filters that are given, the caller's programme when it is a programme, after the cursor.</summary>
    public string List(OrganisationFilter filter, bool inProgramme, bool afterCursor) =>
        dialect.Page($"SELECT {Columns} FROM organisations o{Where(filter, inProgramme, afterCursor)} ORDER BY o.registered_at, o.id");

    public string Count(OrganisationFilter filter, bool inProgramme) =>
        $"SELECT COUNT(*) FROM organisations o{Where(filter, inProgramme, afterCursor: false)}";

    /// <summary>Every shape the list and its count take, so tests can parse them all.</summary>
    public IReadOnlyList<string> AllListQueries =>
        Enumerable.Range(0, 1 << 7).SelectMany(mask =>
        {
            var filter = new OrganisationFilter(
                (mask & 1) != 0 ? "C" : null,
                (mask & 2) != 0 ? 2008 : null,
                (mask & 4) != 0 ? "small" : null,
                (mask & 8) != 0 ? "NL-UT" : null,
                (mask & 16) != 0 ? Guid.Empty : null,
                (mask & 32) != 0 ? "x" : null);
            var scoped = (mask & 64) != 0;
            return new[] { List(filter, scoped, afterCursor: true), List(filter, scoped, afterCursor: false), Count(filter, scoped) };
        }).ToList();

    private static string Where(OrganisationFilter filter, bool inProgramme, bool afterCursor)
    {
        var conditions = new List<string>();
        if (filter.Section is not null)
        {
            conditions.Add("o.sbi_section = @section");
        }

        if (filter.SbiVersion is not null)
        {
            conditions.Add("o.sbi_version = @sbiVersion");
        }

        if (filter.SizeClass is not null)
        {
            conditions.Add("o.size_class = @sizeClass");
        }

        if (filter.Province is not null)
        {
            conditions.Add("o.province = @province");
        }

        if (filter.Programme is not null)
        {
            conditions.Add("EXISTS (SELECT 1 FROM programme_members f WHERE f.organisation_id = o.id AND f.programme_id = @filterProgramme)");
        }

        if (filter.Name is not null)
        {
            // Case-insensitive contains; the pattern's own % and _ are escaped by the repository.
            conditions.Add("LOWER(o.name) LIKE @namePattern ESCAPE '\\'");
        }

        if (inProgramme)
        {
            conditions.Add(Visible);
        }

        if (afterCursor)
        {
            conditions.Add("(o.registered_at > @afterAt OR (o.registered_at = @afterAt AND o.id > @afterId))");
        }

        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }
}

/// <summary>What the list of organisations is filtered on; null is no filter.</summary>
public sealed record OrganisationFilter(string? Section, int? SbiVersion, string? SizeClass, string? Province, Guid? Programme, string? Name);
