using System.Security.Cryptography;
using Dapper;
using Leercultuur.Data;
using Microsoft.Extensions.Caching.Memory;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Finished answers of the query API (body, ETag, content type), kept per request and per state of the
/// instrument's releases. Observations change only when a release of the instrument commits, and every
/// such change adds a release or raises a revision (a held or unchanged release raises none and changes
/// no row), so an answer keyed by their count and sum is the answer until that state moves: a request then costs one small read instead of laying out and serialising thousands of
/// rows. Another replica's release moves the state in the database, so no replica serves a stale answer.
/// </summary>
/// <remarks>
/// What the caller may see is settled before the cache is asked (its programme families are part of the
/// key), so a cached answer is never given to a caller who could not have asked for it.
/// </remarks>
public sealed class AnswerCache(Database<ReportingModule> database) : IDisposable
{
    /// <summary>At most this many bytes of answers are kept; the least used go first.</summary>
    public const long Capacity = 64L * 1024 * 1024;

    /// <summary>Larger answers are not kept: a few of them would push out every other.</summary>
    public const int LargestAnswer = 8 * 1024 * 1024;

    private const int LongestKey = 4096;

    private readonly MemoryCache answers = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly ReleaseStatements statements = new(database.Dialect);

    public sealed record Answer(byte[] Body, string Tag, string ContentType);

    /// <summary>The state of an instrument's releases (and of its version declarations, which decide how rows are named).</summary>
    public async Task<string> StateAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var state = await connection.QuerySingleAsync<(long Releases, long Revisions, long Declarations)>(
            new CommandDefinition(statements.AnswerState, new { instrument }, cancellationToken: cancellationToken));
        return $"{state.Releases}:{state.Revisions}:{state.Declarations}";
    }

    /// <returns>The key of an answer, or null where the request is too long to be worth keeping.</returns>
    public static string? Key(string kind, string state, HttpRequest request, bool csv, IEnumerable<string> programmes)
    {
        var key = $"{kind}|{state}|{(csv ? "csv" : "json")}|{string.Join(',', programmes)}|{request.QueryString.Value}";
        return key.Length <= LongestKey ? key : null;
    }

    public Answer? Find(string? key) => key is not null && answers.TryGetValue(key, out Answer? answer) ? answer : null;

    public Answer Keep(string? key, byte[] body, string contentType)
    {
        var answer = new Answer(body, "\"" + Convert.ToHexString(SHA256.HashData(body))[..32] + "\"", contentType);
        if (key is not null && body.Length <= LargestAnswer)
        {
            answers.Set(key, answer, new MemoryCacheEntryOptions { Size = body.Length + (key.Length * 2), SlidingExpiration = TimeSpan.FromMinutes(30) });
        }

        return answer;
    }

    public void Dispose() => answers.Dispose();
}
