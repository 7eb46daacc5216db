namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// One public API: its name (also the OpenAPI document name and the first path segment), the major
/// version in the path and the full version sent in the <c>API-Version</c> header.
/// </summary>
public sealed record ApiDescriptor(string Name, string Title, string Version, string Description)
{
    public int MajorVersion => int.Parse(Version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

    public string BasePath => $"/{Name}/v{MajorVersion}";
}
