using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using Dapper;
using Leercultuur.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Leercultuur.Reporting.Observations;

/// <summary>
/// Finished answers of the query API (body, ETag, content type), kept per request and per state of the
/// instrument's releases. Observations change only when a release of the instrument commits, and every
/// such change adds a release or raises a revision (a held or unchanged release raises none and changes
/// no row), so an answer keyed by their count and sum is the answer until that state moves. The state is
/// read from the database at most once per <see cref="AnswerCacheOptions.StateLifetime"/> (a second) per
/// instrument, and at once after this replica's own release pass: a request then costs a dictionary
/// look-up instead of laying out and serialising thousands of rows. Another replica's release shows
/// within that second.
/// </summary>
/// <remarks>
/// What the caller may see is settled before the cache is asked (its programme families are part of the
/// key), so a cached answer is never given to a caller who could not have asked for it.
/// </remarks>
public sealed class AnswerCache(Database<ReportingModule> database, IOptions<AnswerCacheOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>At most this many bytes of answers are kept; the least used go first.</summary>
    public const long Capacity = 64L * 1024 * 1024;

    /// <summary>Larger answers are not kept: a few of them would push out every other.</summary>
    public const int LargestAnswer = 8 * 1024 * 1024;

    private const int LongestKey = 4096;

    private readonly MemoryCache answers = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly ReleaseStatements statements = new(database.Dialect);
    private readonly ConcurrentDictionary<string, (string State, long ReadAt)> states = new(StringComparer.Ordinal);

    /// <summary>Answers smaller than this go out as they are: compressing them saves less than it costs.</summary>
    public const int SmallestToCompress = 8 * 1024;

    /// <summary>
    /// A finished answer. A kept one also has a gzip copy, made once on the first request that accepts it:
    /// a three-way answer of 1.5 MB is about a tenth of that compressed, and serving it is mostly copying.
    /// </summary>
    public sealed class Answer(byte[] body, string tag, string contentType, bool kept = false)
    {
        private readonly Lazy<byte[]> gzipped = new(() => Compress(body));

        public byte[] Body => body;

        public string Tag => tag;

        public string ContentType => contentType;

        /// <summary>Whether there is a gzip copy to give (kept answers worth compressing).</summary>
        public bool Compressible => kept && body.Length >= SmallestToCompress;

        public byte[] Gzipped => gzipped.Value;

        /// <summary>The tag of the gzip copy: another representation, so another tag.</summary>
        public string GzipTag => tag.Insert(tag.Length - 1, "-gz");

        private static byte[] Compress(byte[] body)
        {
            using var output = new MemoryStream(body.Length / 8);
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(body);
            }

            return output.ToArray();
        }
    }

    /// <summary>The state of an instrument's releases (and of its version declarations, which decide how rows are named).</summary>
    public async Task<string> StateAsync(string instrument, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.StateLifetime;
        if (lifetime > TimeSpan.Zero && states.TryGetValue(instrument, out var known) && time.GetElapsedTime(known.ReadAt) < lifetime)
        {
            return known.State;
        }

        var readAt = time.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        var state = await connection.QuerySingleAsync<(long Releases, long Revisions, long Declarations)>(
            new CommandDefinition(statements.AnswerState, new { instrument }, cancellationToken: cancellationToken));
        var text = $"{state.Releases}:{state.Revisions}:{state.Declarations}";
        states[instrument] = (text, readAt);
        return text;
    }

    /// <summary>Forgets every state read: this replica's release pass has just committed.</summary>
    public void ForgetStates() => states.Clear();

    /// <returns>The key of an answer, or null where the request is too long to be worth keeping.</returns>
    public static string? Key(string kind, string state, HttpRequest request, bool csv, IEnumerable<string> programmes)
    {
        var key = $"{kind}|{state}|{(csv ? "csv" : "json")}|{string.Join(',', programmes)}|{request.QueryString.Value}";
        return key.Length <= LongestKey ? key : null;
    }

    public Answer? Find(string? key) => key is not null && answers.TryGetValue(key, out Answer? answer) ? answer : null;

    public Answer Keep(string? key, byte[] body, string contentType)
    {
        var tag = "\"" + Convert.ToHexString(SHA256.HashData(body))[..32] + "\"";
        if (key is null || body.Length > LargestAnswer)
        {
            return new Answer(body, tag, contentType);
        }

        // The gzip copy counts against the capacity as an eighth of the body (JSON and CSV of cells compress ten to one).
        var answer = new Answer(body, tag, contentType, kept: true);
        answers.Set(key, answer, new MemoryCacheEntryOptions { Size = body.Length + (body.Length / 8) + (key.Length * 2), SlidingExpiration = TimeSpan.FromMinutes(30) });
        return answer;
    }

    public void Dispose() => answers.Dispose();
}
