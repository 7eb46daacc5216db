using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Leercultuur.Data;

/// <summary>
/// Guids as native uuid/uniqueidentifier on the servers and as canonical text on SQLite, where text
/// stays readable and compares the same way in every tool.
/// </summary>
public sealed class GuidTypeHandler : SqlMapper.TypeHandler<Guid>
{
    public override void SetValue(IDbDataParameter parameter, Guid value)
    {
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("D");
        }
        else
        {
            parameter.DbType = DbType.Guid;
            parameter.Value = value;
        }
    }

    public override Guid Parse(object value) => value switch
    {
        Guid guid => guid,
        string text => Guid.Parse(text),
        byte[] bytes => new Guid(bytes),
        _ => throw new DataException($"Cannot read a Guid from a {value.GetType().Name}."),
    };
}
