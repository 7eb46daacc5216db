using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Leercultuur.Reporting.Dashboard;

/// <summary>
/// The dashboard's built files, embedded in this assembly by the build (Dashboard/web, npm run build), held
/// in memory with their ETag and a gzip copy made once: a handful of files, read on every page view.
/// </summary>
public sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> assets;

    public DashboardAssets()
        : this(typeof(DashboardAssets).Assembly)
    {
    }

    public DashboardAssets(Assembly assembly)
    {
        var found = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var path = name[Prefix.Length..].Replace('\\', '/');
            if (!Types.TryGetValue(Path.GetExtension(path), out var type))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            found[path] = new Asset(path, type, body, Gzip(body), "\"" + Convert.ToHexString(SHA256.HashData(body))[..32] + "\"");
        }

        assets = found.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether the build embedded the dashboard (a build without Node.js cannot).</summary>
    public bool Present => assets.ContainsKey("index.html");

    public Asset? Find(string path) => assets.GetValueOrDefault(path);

    private static byte[]? Gzip(byte[] body)
    {
        if (body.Length < 1024)
        {
            return null;
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.Length < body.Length ? output.ToArray() : null;
    }

    public sealed record Asset(string Path, string ContentType, byte[] Body, byte[]? Gzipped, string Tag);
}
