using System.Globalization;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Testing;

namespace Leercultuur.Benchmarks;

/// <summary>
/// Waits until reporting's release job has worked through what the ingest changed, so that a query load measures
/// queries, not queries beside a release of a hundred thousand new facts: until the queue holds nothing but the
/// current quarter (not released before it ends), or has not changed for ten seconds (what is left is held).
/// </summary>
internal static class ReleaseQueue
{
    public static async Task WaitUntilReleasedAsync(DatabaseOptions database, TimeSpan within)
    {
        var today = DateTime.UtcNow;
        var current = string.Create(CultureInfo.InvariantCulture, $"{today.Year}-Q{((today.Month - 1) / 3) + 1}");
        await using var connection = await new Database(database).OpenAsync();
        var deadline = DateTime.UtcNow + within;
        var last = -1L;
        var unchangedSince = DateTime.UtcNow;
        while (true)
        {
            var queued = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM release_queue WHERE period <> @current", new { current });
            if (queued != last)
            {
                (last, unchangedSince) = (queued, DateTime.UtcNow);
            }

            if (queued == 0 || DateTime.UtcNow - unchangedSince > TimeSpan.FromSeconds(10) || DateTime.UtcNow > deadline)
            {
                Console.WriteLine($"release queue: {queued} closed period(s) left queued before the query load");
                return;
            }

            await Task.Delay(200);
        }
    }
}
