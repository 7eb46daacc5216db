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
/// read from the database once per <see cref="AnswerCacheOptions.StateLifetime"/> (a second) per
/// instrument, by one request for all that ask meanwhile, and again at once after this replica's own
/// release pass: a request then costs a look-up instead of laying out and serialising thousands of rows.
/// Another replica's release, and a version declaration recorded by the consumer, show within that second.
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
    private const int MaximumInstruments = 1000;

    private readonly ConcurrentDictionary<string, StateEntry> states = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>Answers smaller than this go out as they are: compressing them saves less than it costs.</summary>
    public const int SmallestToCompress = 8 * 1024;

    /// <summary>
    /// A finished answer. A kept one also has a gzip copy, made once on the first request that accepts it:
    /// a three-way answer of 1.5 MB is about a tenth of that compressed, and serving it is mostly copying.
    /// </summary>
    public sealed class Answer(byte[] body, string tag, string contentType, bool kept = false)
    {
        // Made once; an exception is not kept (the next request tries again, or gets the plain body).
        private readonly Lazy<(byte[] Body, string Tag)> gzipped = new(() => Compress(body), LazyThreadSafetyMode.PublicationOnly);

        public byte[] Body => body;

        public string Tag => tag;

        public string ContentType => contentType;

        /// <summary>Whether there is a gzip copy to give (kept answers worth compressing).</summary>
        public bool Compressible => kept && body.Length >= SmallestToCompress;

        public byte[] Gzipped => gzipped.Value.Body;

        /// <summary>The tag of the gzip copy: another representation, so another tag, a hash of its own bytes.</summary>
        public string GzipTag => gzipped.Value.Tag;

        private static (byte[] Body, string Tag) Compress(byte[] body)
        {
            using var output = new MemoryStream(body.Length / 8);
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(body);
            }

            var compressed = output.ToArray();
            return (compressed, "\"" + Convert.ToHexString(SHA256.HashData(compressed))[..32] + "\"");
        }
    }

    /// <summary>The state of an instrument's releases (and of its version declarations, which decide how rows are named).</summary>
    public Task<string> StateAsync(string instrument, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.StateLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            return ReadStateAsync(instrument, cancellationToken);
        }

        // One read shared by the requests that find no fresh state (not one each), and a read that began
        // before this replica's release pass (an older generation) never stands in for what it committed.
        var generation = Volatile.Read(ref this.generation);
        var now = time.GetTimestamp();
        if (states.Count > MaximumInstruments)
        {
            states.Clear(); // a flood of unknown instrument keys must not grow this without bound
        }

        var entry = states.AddOrUpdate(
            instrument,
            _ => new StateEntry(new Lazy<Task<string>>(() => ReadStateAsync(instrument, CancellationToken.None)), now, generation),
            (_, old) => old.Generation == generation && time.GetElapsedTime(old.ReadAt) < lifetime && !(old.State.IsValueCreated && (old.State.Value.IsFaulted || old.State.Value.IsCanceled))
                ? old
                : new StateEntry(new Lazy<Task<string>>(() => ReadStateAsync(instrument, CancellationToken.None)), now, generation));
        return entry.State.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets every state read so far: this replica's release pass has just committed (or may have).</summary>
    public void ForgetStates()
    {
        Interlocked.Increment(ref generation);
        states.Clear();
    }

    private async Task<string> ReadStateAsync(string instrument, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var state = await connection.QuerySingleAsync<(long Releases, long Revisions, long Declarations)>(
            new CommandDefinition(statements.AnswerState, new { instrument }, cancellationToken: cancellationToken));
        return $"{state.Releases}:{state.Revisions}:{state.Declarations}";
    }

    private sealed record StateEntry(Lazy<Task<string>> State, long ReadAt, long Generation);

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
