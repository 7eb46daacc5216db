namespace Leercultuur.Data;

/// <summary>
/// Marks a class that holds all SQL of one repository as string properties, built from a dialect in its
/// constructor. A test builds every such class with the SQL Server dialect and parses each statement
/// with ScriptDom, so T-SQL that cannot run here still cannot ship with a syntax error.
/// </summary>
public interface ISqlStatements;
