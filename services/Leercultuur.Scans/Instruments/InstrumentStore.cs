using System.Text.Json;
using Dapper;
using Leercultuur.Data;
using Leercultuur.ServiceDefaults.Http;

namespace Leercultuur.Scans.Instruments;

/// <summary>
/// Instrument versions in the database: the shipped files (stored at start-up) and the versions admins
/// upload as drafts and publish. A published version never changes: a shipped file that differs from its
/// published copy stops start-up, an upload of a published version is a conflict. The
/// <see cref="InstrumentCatalog"/> every request reads is refreshed from here.
/// </summary>
public sealed class InstrumentStore(Database<ScansModule> database, InstrumentCatalog catalog, TimeProvider time)
{
    public const string Draft = "draft";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly InstrumentStatements statements = new();

    /// <summary>The one text a version is stored as, whatever whitespace or member order its source had.</summary>
    public static string Serialize(Instrument instrument) => JsonSerializer.Serialize(instrument, Canonical);

    /// <summary>
    /// Start-up: stores every shipped version not yet stored (a shipped draft replaces a stored draft),
    /// refuses a shipped version that differs from its published copy, and loads the catalog.
    /// </summary>
    public async Task SyncShippedAsync(CancellationToken cancellationToken)
    {
        // One instance at a time: two starting on a fresh database would both insert the shipped versions.
        var reasons = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await database.LockAsync(connection, transaction, "scans:instrument-sync", cancellationToken);
                var found = new List<string>();
                var stored = (await connection.QueryAsync<StoredDefinition>(new CommandDefinition(statements.All, transaction: transaction, cancellationToken: cancellationToken)))
                    .ToDictionary(d => (d.InstrumentKey, d.Version));
                foreach (var shipped in catalog.Shipped)
                {
                    var parameters = new { key = shipped.Key, version = shipped.Version, status = shipped.Status, definition = Serialize(shipped), storedAt = time.GetUtcNow() };
                    if (!stored.TryGetValue((shipped.Key, shipped.Version), out var existing))
                    {
                        await connection.ExecuteAsync(new CommandDefinition(statements.Insert, parameters, transaction, cancellationToken: cancellationToken));
                    }
                    else if (existing.Status == Draft)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(statements.ReplaceDraft, parameters, transaction, cancellationToken: cancellationToken));
                    }
                    else if (Serialize(InstrumentDefinitions.Load($"database:{existing.InstrumentKey}.v{existing.Version}", existing.Definition)) != Serialize(shipped with { Status = existing.Status }))
                    {
                        // Both sides parsed and written the same way: only a change of content differs.
                        found.Add($"instruments/{shipped.Key}.v{shipped.Version}.json at /: differs from version {shipped.Version} as it was published; a published version never changes, so make the change version {shipped.Version + 1}.");
                    }
                }

                return found;
            },
            cancellationToken);

        if (reasons.Count > 0)
        {
            throw new InstrumentDefinitionException(reasons);
        }

        await RefreshAsync(cancellationToken);
    }

    /// <summary>Reloads the catalog from the database (other instances upload and publish too).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredDefinition>(new CommandDefinition(statements.All, cancellationToken: cancellationToken));
        catalog.Replace(rows.Select(r => InstrumentDefinitions.Load($"database:{r.InstrumentKey}.v{r.Version}", r.Definition)).ToList());
    }

    /// <summary>
    /// A version a scan refers to. Another instance may have published it since this one last reloaded:
    /// a miss reloads once before it is an error.
    /// </summary>
    public async Task<Instrument> GetAsync(string key, int version, CancellationToken cancellationToken)
    {
        if (catalog.Find(key, version) is { } known)
        {
            return known;
        }

        await RefreshAsync(cancellationToken);
        return catalog.Find(key, version) ?? throw new InvalidOperationException($"A scan refers to {key} version {version}, which is stored nowhere.");
    }

    /// <summary>Stores an uploaded definition as a draft: new, or replacing the draft of that version. Published and retired versions are not replaced.</summary>
    public async Task<Outcome<(Instrument Instrument, bool Created)>> UploadAsync(string json, CancellationToken cancellationToken)
    {
        Instrument instrument;
        try
        {
            instrument = InstrumentDefinitions.Load("upload", json);
        }
        catch (InstrumentDefinitionException invalid)
        {
            return Outcome<(Instrument, bool)>.Invalid(Errors(invalid.Reasons));
        }

        if (instrument.Status != Draft)
        {
            return Outcome<(Instrument, bool)>.Invalid("status", "An upload is a draft (\"status\": \"draft\"); publish it with POST /scans/v1/instruments/{key}/versions/{version}/publication.");
        }

        var others = catalog.All.Where(i => !(i.Key == instrument.Key && i.Version == instrument.Version)).Append(instrument).ToList();
        if (InstrumentDefinitions.CheckTogether(others).Where(r => r.Contains($"{instrument.Key}.v{instrument.Version}.json", StringComparison.Ordinal)).ToList() is { Count: > 0 } together)
        {
            return Outcome<(Instrument, bool)>.Invalid(Errors(together.Select(r => r.Replace($"instruments/{instrument.Key}.v{instrument.Version}.json", "upload", StringComparison.Ordinal)).ToList()));
        }

        var text = Serialize(instrument);
        var outcome = await database.InTransactionAsync<(bool Created, string? Conflict)>(
            async (connection, transaction) =>
            {
                // Two uploads of one version at once: the second waits, then finds the first.
                await database.LockAsync(connection, transaction, $"scans:instrument:{instrument.Key}:{instrument.Version}", cancellationToken);
                var existing = await connection.QuerySingleOrDefaultAsync<StoredDefinition>(new CommandDefinition(statements.Find, new { key = instrument.Key, version = instrument.Version }, transaction, cancellationToken: cancellationToken));
                var parameters = new { key = instrument.Key, version = instrument.Version, status = Draft, definition = text, storedAt = time.GetUtcNow() };
                if (existing is null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(statements.Insert, parameters, transaction, cancellationToken: cancellationToken));
                    return (true, null);
                }

                if (existing.Status != Draft)
                {
                    return (false, $"{instrument.Key} version {instrument.Version} is {existing.Status} and never changes; upload the change as a later version.");
                }

                await connection.ExecuteAsync(new CommandDefinition(statements.ReplaceDraft, parameters, transaction, cancellationToken: cancellationToken));
                return (false, null);
            },
            cancellationToken);
        if (outcome.Conflict is { } conflict)
        {
            return Outcome<(Instrument, bool)>.Conflict(conflict, $"/scans/v1/instruments/{instrument.Key}/versions/{instrument.Version}");
        }

        await RefreshAsync(cancellationToken);
        return Outcome<(Instrument, bool)>.Ok((instrument, outcome.Created));
    }

    /// <summary>Publishes a draft: from then on scans can start with it and it never changes. Publishing again answers the same.</summary>
    public async Task<Outcome<Instrument>> PublishAsync(string key, int version, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        if (catalog.Find(key, version) is not { } instrument)
        {
            return Outcome<Instrument>.NotFound($"No instrument '{key}' version {version}.");
        }

        if (instrument.Status == Instrument.Published)
        {
            return Outcome<Instrument>.Ok(instrument);
        }

        if (instrument.Status != Draft)
        {
            return Outcome<Instrument>.Conflict($"{key} version {version} is {instrument.Status}; only a draft can be published.");
        }

        if (instrument.ComparableTo is { } earlier && catalog.Find(key, earlier.Version)?.Status == Draft)
        {
            return Outcome<Instrument>.Unprocessable($"{key} version {version} continues version {earlier.Version}, which is still a draft: publish that first.");
        }

        // Under the upload's lock and from the row as stored: a draft uploaded a moment ago is the one published.
        var changed = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await database.LockAsync(connection, transaction, $"scans:instrument:{key}:{version}", cancellationToken);
                var row = await connection.QuerySingleOrDefaultAsync<StoredDefinition>(new CommandDefinition(statements.Find, new { key, version }, transaction, cancellationToken: cancellationToken));
                if (row is not { Status: Draft })
                {
                    return false;
                }

                var stored = InstrumentDefinitions.Load($"database:{key}.v{version}", row.Definition) with { Status = Instrument.Published };
                return await connection.ExecuteAsync(new CommandDefinition(
                    statements.ReplaceDraft,
                    new { key, version, status = Instrument.Published, definition = Serialize(stored), storedAt = time.GetUtcNow() },
                    transaction,
                    cancellationToken: cancellationToken)) == 1;
            },
            cancellationToken);
        await RefreshAsync(cancellationToken);
        return changed || catalog.Find(key, version)?.Status == Instrument.Published
            ? Outcome<Instrument>.Ok(catalog.Find(key, version)!)
            : Outcome<Instrument>.Conflict($"{key} version {version} changed while it was being published; ask again.");
    }

    // "upload at /items/3/id: problem" → { "/items/3/id": ["problem"] }.
    private static Dictionary<string, string[]> Errors(IReadOnlyList<string> reasons) => reasons
        .Select(r =>
        {
            var at = r.IndexOf(" at ", StringComparison.Ordinal);
            var colon = at < 0 ? -1 : r.IndexOf(": ", at, StringComparison.Ordinal);
            return at < 0 || colon < 0 ? (Path: "/", Problem: r) : (Path: r[(at + 4)..colon], Problem: r[(colon + 2)..]);
        })
        .GroupBy(p => p.Path, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Problem).Distinct().ToArray(), StringComparer.Ordinal);
}
