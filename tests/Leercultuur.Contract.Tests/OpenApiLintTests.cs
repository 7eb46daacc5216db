using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Leercultuur.Contract.Tests;

/// <summary>
/// Each OpenAPI document linted with Spectral and our ruleset for the NL API Design Rules
/// (tests/openapi/adr.spectral.yaml, with Spectral's own OpenAPI rules): no errors, no warnings.
/// ./test.sh installs the pinned linter (tests/openapi/package.json) with npm.
/// </summary>
public sealed class OpenApiLintTests(StandaloneHost host) : IClassFixture<StandaloneHost>
{
    private static readonly string LintFolder = Path.Combine(RepositoryRoot(), "tests", "openapi");

    [Theory]
    [InlineData("organisations")]
    [InlineData("scans")]
    [InlineData("reporting")]
    public async Task The_document_meets_the_API_design_rules(string api)
    {
        var document = await host.Admin.GetStringAsync($"/{api}/v1/openapi.json");

        var findings = await LintAsync(api, document);

        Assert.True(findings.Count == 0, $"{api}:\n{string.Join("\n", findings)}");
    }

    [Fact]
    public async Task The_linter_finds_a_response_without_its_version_header_and_an_error_that_is_no_problem()
    {
        var document = JsonNode.Parse(await host.Admin.GetStringAsync("/organisations/v1/openapi.json"))!;
        var operation = document["paths"]!["/organisations/{id}"]!["get"]!;
        operation["responses"]!["200"]!["headers"]!.AsObject().Remove("API-Version");
        var notFound = operation["responses"]!["404"]!["content"]!.AsObject();
        var problem = notFound["application/problem+json"]!.DeepClone();
        notFound.Remove("application/problem+json");
        notFound["application/json"] = problem;

        var findings = await LintAsync("broken", document.ToJsonString());

        Assert.Contains(findings, f => f.StartsWith("error adr-version-header", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("error adr-problem-details", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> LintAsync(string name, string document)
    {
        var spectral = Path.Combine(LintFolder, "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), $"Spectral is not installed: run ./test.sh, or npm ci --prefix {LintFolder}.");
        var file = Path.Combine(Path.GetTempPath(), $"leercultuur-{name}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var start = new ProcessStartInfo(spectral, ["lint", "--ruleset", Path.Combine(LintFolder, "adr.spectral.yaml"), "--format", "json", "--quiet", "--fail-severity", "error", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = LintFolder,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var text = await output;
            Assert.True(text.TrimStart().StartsWith('['), $"Spectral did not report: {text}{await errors}");

            // Severity 0 is an error, 1 a warning; hints and information (2, 3) are advice.
            return JsonNode.Parse(text)!.AsArray()
                .Where(f => f!["severity"]!.GetValue<int>() <= 1)
                .Select(f => $"{(f!["severity"]!.GetValue<int>() == 0 ? "error" : "warning")} {f["code"]} at {string.Join('.', f["path"]!.AsArray())}: {f["message"]}")
                .ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Leercultuur.Services.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Leercultuur.Services.sln) is not above the test's folder.");
    }
}
