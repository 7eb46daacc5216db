using System.Text.Json.Nodes;
using Leercultuur.Scans.Instruments;

namespace Leercultuur.Scans.Tests;

/// <summary>
/// A definition file is checked against instrument.schema.json and then for its cross-references; every
/// problem names the file, the JSON path and what is wrong, and stops the load.
/// </summary>
public sealed class InstrumentDefinitionTests
{
    private const string File = "instruments/test.v1.json";

    [Fact]
    public void Every_shipped_definition_loads()
    {
        var instruments = InstrumentDefinitions.LoadEmbedded();

        Assert.Contains(instruments, i => i.Key == "team-psychological-safety" && i.Version == 2 && i.ComparableTo?.Version == 1);
        var quickscan = instruments.Single(i => i.Key == "learning-culture-quickscan");
        Assert.Equal(["employer", "employee"], quickscan.Roles.Select(r => r.Key));
        Assert.Equal((5, 11, 22), (quickscan.Scale.Max, quickscan.Dimensions.Count, quickscan.Items.Count));
        var action = instruments.Single(i => i.Key == "llo-action-scan");
        Assert.Equal((Instrument.CurrentDesired, false), (action.RatingMode, action.Benchmark));
        Assert.Equal(["Digitale tools", "Start klein, groei slim", "Begeleiding en betrokkenheid"], action.Dimensions.Select(d => d.Label.Nl));
        var zones = instruments.Single(i => i.Key == "learning-zone").Classifications.Single().Zones;
        Assert.Equal(["zombie-zone", "comfort-zone", "hyper-zone", "learning-zone"], zones.Select(z => z.Key));
        Assert.All(instruments, i => Assert.Equal(Instrument.Published, i.Status));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("version")]
    [InlineData("status")]
    [InlineData("title")]
    [InlineData("scale")]
    [InlineData("ratingMode")]
    [InlineData("benchmark")]
    [InlineData("roles")]
    [InlineData("dimensions")]
    [InlineData("items")]
    [InlineData("description")]
    [InlineData("source")]
    [InlineData("level")]
    public void A_missing_required_member_is_named(string member)
    {
        var definition = Valid();
        definition.Remove(member);

        var reasons = Refused(definition);

        Assert.Contains(reasons, r => r.StartsWith($"{File} at /:", StringComparison.Ordinal) && r.Contains(member, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/version", "\"one\"")]
    [InlineData("/benchmark", "\"yes\"")]
    [InlineData("/ratingMode", "\"both\"")]
    [InlineData("/items/0/reverse", "1")]
    [InlineData("/scale/min", "1.5")]
    [InlineData("/roles/0/items", "[]")]
    [InlineData("/title", "{\"en\":\"Only English\"}")]
    [InlineData("/items/0/id", "\"Has Spaces\"")]
    public void A_wrong_type_or_value_is_named_by_its_path(string path, string value)
    {
        var definition = Valid();
        Set(definition, path, JsonNode.Parse(value));

        var reasons = Refused(definition);

        Assert.Contains(reasons, r => r.StartsWith($"{File} at {path}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/items/0", "reverse")]
    [InlineData("/items/2", "text")]
    [InlineData("/roles/0", "minRespondents")]
    [InlineData("/scale", "labels")]
    [InlineData("/classifications/0", "cutOff")]
    public void A_missing_nested_member_is_named_with_its_path(string path, string member)
    {
        var definition = Valid();
        var parent = path.Trim('/').Split('/').Aggregate((JsonNode)definition, (node, part) => int.TryParse(part, out var i) ? node[i]! : node[part]!);
        parent.AsObject().Remove(member);

        Assert.Contains(Refused(definition), r => r.StartsWith($"{File} at {path}:", StringComparison.Ordinal) && r.Contains(member, StringComparison.Ordinal));
    }

    [Fact]
    public void A_whole_number_written_with_decimals_is_named_not_a_crash()
    {
        var json = Valid().ToJsonString().Replace("\"minRespondents\":3", "\"minRespondents\":3.0", StringComparison.Ordinal);

        var reasons = Assert.Throws<InstrumentDefinitionException>(() => InstrumentDefinitions.Load(File, json)).Reasons;

        Assert.Contains(reasons, r => r.StartsWith($"{File} at ", StringComparison.Ordinal) && r.Contains("whole number", StringComparison.Ordinal));
    }

    [Fact]
    public void Versions_are_checked_together_a_version_defined_twice_and_comparability_to_what_does_not_exist()
    {
        var v1 = InstrumentDefinitions.Load(File, Valid().ToJsonString());
        var v2 = v1 with { Version = 2, ComparableTo = new Comparability(1, new Dictionary<string, string> { ["a"] = "a", ["b"] = "gone" }) };
        var v3 = v1 with { Version = 3, ComparableTo = new Comparability(9, new Dictionary<string, string> { ["a"] = "a" }) };

        var reasons = InstrumentDefinitions.CheckTogether([v1, v1, v2, v3]);

        Assert.Contains("instruments/test.v1.json at /version: version 1 of test is defined 2 times.", reasons);
        Assert.Contains("instruments/test.v2.json at /comparableTo/dimensions/b: version 1 has no dimension 'gone'.", reasons);
        Assert.Contains("instruments/test.v3.json at /comparableTo/version: test has no version 9.", reasons);
    }

    [Fact]
    public void Duplicate_item_ids_are_refused()
    {
        var definition = Valid();
        definition["items"]![1]!["id"] = "a1";

        Assert.Contains($"{File} at /items/1/id: Item id 'a1' is used twice.", Refused(definition));
    }

    [Fact]
    public void An_item_in_no_dimension_is_refused()
    {
        var definition = Valid();
        definition["dimensions"]![0]!["items"] = new JsonArray("a1");

        Assert.Contains(Refused(definition), r => r.StartsWith($"{File} at /items/1:", StringComparison.Ordinal) && r.Contains("in no dimension", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_naming_an_unknown_item_and_an_item_no_role_answers_are_refused()
    {
        var definition = Valid();
        definition["roles"]![0]!["items"] = new JsonArray("a1", "zz");

        var reasons = Refused(definition);

        Assert.Contains($"{File} at /roles/0/items/1: Item 'zz' does not exist.", reasons);
        Assert.Contains($"{File} at /items/1: Item 'a2' is answered by no role.", reasons);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    [InlineData(9.5)]
    public void Cut_offs_outside_the_scale_are_refused(double cutOff)
    {
        var definition = Valid();
        definition["classifications"]![0]!["cutOff"]!["y"] = cutOff;

        Assert.Contains(Refused(definition), r => r.StartsWith($"{File} at /classifications/0/cutOff/y:", StringComparison.Ordinal));
    }

    [Fact]
    public void Zones_that_are_not_the_four_corners_are_refused()
    {
        var definition = Valid();
        definition["classifications"]![0]!["zones"]![3]!["x"] = "low";

        Assert.Contains(Refused(definition), r => r.StartsWith($"{File} at /classifications/0/zones:", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_that_is_not_JSON_names_the_line()
    {
        var reasons = Assert.Throws<InstrumentDefinitionException>(() => InstrumentDefinitions.Load(File, "{\n  \"key\": ")).Reasons;

        Assert.Equal([$"{File} at line 2: not valid JSON."], reasons);
    }

    [Fact]
    public void A_valid_definition_loads_with_its_texts_in_both_languages()
    {
        var instrument = InstrumentDefinitions.Load(File, Valid().ToJsonString());

        Assert.Equal(("Test", "Test EN"), (instrument.Title.In("nl"), instrument.Title.In("en")));
        Assert.Equal("zone-a", Assert.Single(instrument.Classifications).Zones[0].Key);
    }

    private static IReadOnlyList<string> Refused(JsonObject definition) =>
        Assert.Throws<InstrumentDefinitionException>(() => InstrumentDefinitions.Load(File, definition.ToJsonString())).Reasons;

    private static void Set(JsonObject root, string pointer, JsonNode? value)
    {
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        }

        if (int.TryParse(parts[^1], out var last))
        {
            node[last] = value;
        }
        else
        {
            node[parts[^1]] = value;
        }
    }

    private static JsonObject Valid() => JsonNode.Parse(
        """
        {
          "key": "test", "version": 1, "status": "published",
          "title": { "nl": "Test", "en": "Test EN" }, "description": { "nl": "Beschrijving" }, "source": { "nl": "Eigen werk" },
          "level": "team",
          "scale": { "min": 1, "max": 5, "labels": [
            { "value": 1, "label": { "nl": "1" } }, { "value": 2, "label": { "nl": "2" } }, { "value": 3, "label": { "nl": "3" } },
            { "value": 4, "label": { "nl": "4" } }, { "value": 5, "label": { "nl": "5" } } ] },
          "ratingMode": "single", "benchmark": true,
          "roles": [ { "key": "employee", "label": { "nl": "Werknemer" }, "items": ["a1", "a2", "b1"], "minRespondents": 3, "maxRespondents": 50 } ],
          "dimensions": [
            { "key": "a", "label": { "nl": "A" }, "items": ["a1", "a2"] },
            { "key": "b", "label": { "nl": "B" }, "items": ["b1"] } ],
          "items": [
            { "id": "a1", "text": { "nl": "Stelling a1" }, "dimension": "a", "reverse": false },
            { "id": "a2", "text": { "nl": "Stelling a2" }, "dimension": "a", "reverse": true },
            { "id": "b1", "text": { "nl": "Stelling b1" }, "dimension": "b", "reverse": false } ],
          "classifications": [ { "key": "zone", "label": { "nl": "Zone" }, "x": "a", "y": "b", "cutOff": { "x": 3, "y": 3.5 },
            "zones": [
              { "key": "zone-a", "label": { "nl": "A" }, "x": "low", "y": "low" },
              { "key": "zone-b", "label": { "nl": "B" }, "x": "high", "y": "low" },
              { "key": "zone-c", "label": { "nl": "C" }, "x": "low", "y": "high" },
              { "key": "zone-d", "label": { "nl": "D" }, "x": "high", "y": "high" } ] } ]
        }
        """)!.AsObject();
}
