using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Data;

/// <summary>One service's database, bound from its configuration section (for example <c>Organisations:Database</c>).</summary>
public sealed class DatabaseOptions
{
    [EnumDataType(typeof(DatabaseProvider), ErrorMessage = "must be Sqlite, PostgreSql or SqlServer.")]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Required(AllowEmptyStrings = false, ErrorMessage = "is required for a PostgreSql or SqlServer database.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Run the migrations when the host starts. Off in production setups that run the <c>migrate</c> command as a separate step.</summary>
    public bool MigrateAtStartup { get; set; } = true;
}
