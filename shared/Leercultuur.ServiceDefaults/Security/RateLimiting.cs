using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Leercultuur.Data.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leercultuur.ServiceDefaults.Security;

/// <summary>
/// Rate limits: every request counts against its token's subject, or against its client address when it
/// has no token; respondent endpoints also count against the respondent token. Over the limit answers
/// 429 with <c>Retry-After</c> as problem details. Health probes are never limited.
/// </summary>
public static class RateLimiting
{
    public static WebApplicationBuilder AddLeercultuurRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedSettings<RateLimitOptions>(builder.Configuration, RateLimitOptions.Section);
        builder.Services.AddSingleton<RespondentRateLimiter>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }

                return context.User.FindFirst("sub")?.Value is { } subject
                    ? Partition($"subject:{subject}", limits.Value.PerCaller)
                    : Partition($"address:{context.Connection.RemoteIpAddress}", limits.Value.Anonymous);
            });
            options.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
        });
        return builder;
    }

    internal static RateLimitPartition<string> Partition(string key, RateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });

    internal static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Http.ProblemWriter.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"This client has sent more requests than its limit allows; try again in {seconds} seconds.");
    }
}

/// <summary>Counts requests per respondent token (by its hash: the token itself is never kept).</summary>
public sealed class RespondentRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimiting.Partition(key, options.Value.PerRespondentToken));

    /// <returns>null when the request may go on; else the 429 answer.</returns>
    public async ValueTask<IResult?> TryAcquireAsync(HttpContext context, string token)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        using var lease = await limiter.AcquireAsync(key, 1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            return null;
        }

        await RateLimiting.RejectAsync(context, lease);
        return Results.Empty;
    }

    public void Dispose() => limiter.Dispose();
}
