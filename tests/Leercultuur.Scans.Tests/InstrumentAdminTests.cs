using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Leercultuur.Data;
using Leercultuur.Scans.Instruments;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.Testing;

namespace Leercultuur.Scans.Tests;

/// <summary>Admins upload instrument versions as drafts and publish them; published versions live in the database and never change.</summary>
public sealed class InstrumentAdminTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ServiceFactory<Program> NewHost() => new(database.Settings("Scans:Database").Append(new("Messaging:Transport", "InMemory")));

    /// <summary>Version 2 of the action scan with two more factors, continuing version 1's three.</summary>
    private static string ActionScanV2(string status = "draft")
    {
        var v1 = InstrumentCatalog.LoadEmbedded().Find("llo-action-scan", 1)!;
        var items = v1.Items.Concat(
        [
            new InstrumentItem("lf1", new LocalizedText("We leren van elkaars praktijk.", "We learn from each other's practice."), "learning-from-peers", false),
            new InstrumentItem("lf2", new LocalizedText("Ervaringen worden gedeeld.", "Experiences are shared."), "learning-from-peers", false),
        ]).ToList();
        var v2 = v1 with
        {
            Version = 2,
            Status = status,
            Items = items,
            Dimensions = [.. v1.Dimensions, new InstrumentDimension("learning-from-peers", new LocalizedText("Leren van elkaar", "Learning from peers"), ["lf1", "lf2"])],
            Roles = [v1.Roles[0] with { Items = [.. v1.Roles[0].Items, "lf1", "lf2"] }],
            ComparableTo = new Comparability(1, v1.Dimensions.ToDictionary(d => d.Key, d => d.Key)),
        };
        return InstrumentStore.Serialize(v2);
    }

    [Fact]
    public async Task A_draft_is_uploaded_shown_only_to_admins_published_and_then_never_changes()
    {
        await using var host = NewHost();
        var admin = host.CreateCheckedClient().As(Roles.Admin);
        var anonymous = host.CreateCheckedClient();
        var programme = host.CreateCheckedClient().As(Roles.Programme, Guid.NewGuid());
        var upload = new StringContent(ActionScanV2(), Encoding.UTF8, "application/json");

        await HttpAssert.ProblemAsync(await programme.PostAsync("/scans/v1/instruments", upload), HttpStatusCode.Forbidden);
        var created = await admin.PostAsync("/scans/v1/instruments", new StringContent(ActionScanV2(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/scans/v1/instruments/llo-action-scan/versions/2", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/scans/v1/instruments", new StringContent(ActionScanV2(), Encoding.UTF8, "application/json"))).StatusCode);

        // A draft: admins see it, nobody else does, it is not listed and no scan starts with it.
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/scans/v1/instruments/llo-action-scan/versions/2"), HttpStatusCode.NotFound);
        Assert.Equal("draft", JsonNode.Parse(await admin.GetStringAsync("/scans/v1/instruments/llo-action-scan/versions/2"))!["status"]!.GetValue<string>());
        Assert.DoesNotContain(JsonNode.Parse(await anonymous.GetStringAsync("/scans/v1/instruments"))!.AsArray(), i => i!["key"]!.GetValue<string>() == "llo-action-scan" && i["version"]!.GetValue<int>() == 2);
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/scans/v1/scans", new { organisationId = Guid.NewGuid(), instrument = "llo-action-scan", instrumentVersion = 2, period = "2026" }), HttpStatusCode.UnprocessableEntity);

        var published = await admin.PostAsync("/scans/v1/instruments/llo-action-scan/versions/2/publication", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/scans/v1/instruments/llo-action-scan/versions/2/publication", null)).StatusCode);
        var listed = JsonNode.Parse(await anonymous.GetStringAsync("/scans/v1/instruments"))!.AsArray().Single(i => i!["key"]!.GetValue<string>() == "llo-action-scan" && i["version"]!.GetValue<int>() == 2)!;
        Assert.Equal((4, "published"), (listed["dimensions"]!.AsArray().Count, listed["status"]!.GetValue<string>()));

        var again = await HttpAssert.ProblemAsync(await admin.PostAsync("/scans/v1/instruments", new StringContent(ActionScanV2(), Encoding.UTF8, "application/json")), HttpStatusCode.Conflict);
        Assert.Contains("never changes", again["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await admin.PostAsync("/scans/v1/instruments/llo-action-scan/versions/9/publication", null), HttpStatusCode.NotFound);

        // Another instance (here: the next start on the same database) serves it as published.
        await host.DisposeAsync();
        await using var restarted = NewHost();
        Assert.Equal("published", JsonNode.Parse(await restarted.CreateCheckedClient().GetStringAsync("/scans/v1/instruments/llo-action-scan/versions/2"))!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"key":"x"}""", "/")]
    [InlineData("[1, 2]", "body")]
    public async Task A_bad_definition_is_400_naming_its_path_and_stores_nothing(string json, string path)
    {
        await using var host = NewHost();
        var admin = host.CreateCheckedClient().As(Roles.Admin);

        var problem = await HttpAssert.ProblemAsync(await admin.PostAsync("/scans/v1/instruments", new StringContent(json, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![path]);
        Assert.Equal(5, await CountAsync());
    }

    [Fact]
    public async Task An_upload_marked_published_or_with_a_duplicate_item_is_refused_with_the_path()
    {
        await using var host = NewHost();
        var admin = host.CreateCheckedClient().As(Roles.Admin);

        var published = await HttpAssert.ProblemAsync(await admin.PostAsync("/scans/v1/instruments", new StringContent(ActionScanV2("published"), Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.NotNull(published["errors"]!["status"]);
        var twice = JsonNode.Parse(ActionScanV2())!;
        twice["items"]![1]!["id"] = twice["items"]![0]!["id"]!.GetValue<string>();
        var duplicate = await HttpAssert.ProblemAsync(await admin.PostAsync("/scans/v1/instruments", new StringContent(twice.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.NotNull(duplicate["errors"]!["/items/1/id"]);
        Assert.Equal(5, await CountAsync());
    }

    [Fact]
    public async Task A_published_version_changed_behind_its_back_stops_start_up_with_the_file_named()
    {
        await using (var first = NewHost())
        {
            first.CreateClient();
        }

        await using (var connection = await new Database(database.Options).OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE instrument_definitions SET definition = replace(definition, 'Psychologische veiligheid', 'Iets anders') WHERE instrument_key = 'team-psychological-safety' AND version = 2");
        }

        // What the host's start-up runs before it serves (InstrumentSync.StartAsync).
        var store = new InstrumentStore(new Database<ScansModule>(database.Options), InstrumentCatalog.LoadEmbedded(), TimeProvider.System);
        var refused = await Assert.ThrowsAsync<InstrumentDefinitionException>(() => store.SyncShippedAsync(CancellationToken.None));

        var reasons = string.Join("\n", refused.Reasons);
        Assert.Contains("instruments/team-psychological-safety.v2.json", reasons, StringComparison.Ordinal);
        Assert.Contains("never changes", reasons, StringComparison.Ordinal);
    }

    private async Task<int> CountAsync()
    {
        await using var connection = await new Database(database.Options).OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM instrument_definitions");
    }
}
