using Leercultuur.Data;

namespace Leercultuur.Organisations.Registration;

public sealed class OrganisationStatements(ISqlDialect dialect) : ISqlStatements
{
    private const string Columns =
        "id, name, kvk_number, sbi_version, sbi_code, sbi_section, sbi_section_name, employees, size_class, province, registered_at, version";

    public string Insert { get; } =
        $"INSERT INTO organisations ({Columns}) VALUES (@Id, @Name, @KvkNumber, @SbiVersion, @SbiCode, @SbiSection, @SbiSectionName, @Employees, @SizeClass, @Province, @RegisteredAt, @Version)";

    public string GetById { get; } = $"SELECT {Columns} FROM organisations WHERE id = @id";

    public string List { get; } = dialect.Page($"SELECT {Columns} FROM organisations ORDER BY registered_at, id");
}
