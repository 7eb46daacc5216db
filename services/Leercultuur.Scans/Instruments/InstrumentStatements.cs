using Leercultuur.Data;

namespace Leercultuur.Scans.Instruments;

public sealed class InstrumentStatements : ISqlStatements
{
    public string All { get; } = "SELECT instrument_key AS InstrumentKey, version AS Version, status AS Status, definition AS Definition FROM instrument_definitions ORDER BY instrument_key, version";

    public string Find { get; } =
        "SELECT instrument_key AS InstrumentKey, version AS Version, status AS Status, definition AS Definition FROM instrument_definitions WHERE instrument_key = @key AND version = @version";

    public string Insert { get; } =
        "INSERT INTO instrument_definitions (instrument_key, version, status, definition, stored_at) VALUES (@key, @version, @status, @definition, @storedAt)";

    // Only a draft changes; a published version is immutable.
    public string ReplaceDraft { get; } =
        "UPDATE instrument_definitions SET status = @status, definition = @definition, stored_at = @storedAt WHERE instrument_key = @key AND version = @version AND status = 'draft'";
}

/// <summary>One stored instrument version.</summary>
public sealed class StoredDefinition
{
    public string InstrumentKey { get; init; } = "";

    public int Version { get; init; }

    public string Status { get; init; } = "";

    public string Definition { get; init; } = "";
}
