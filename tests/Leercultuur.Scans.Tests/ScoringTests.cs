using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Scoring;

namespace Leercultuur.Scans.Tests;

public sealed class ScoringTests
{
    private static readonly InstrumentCatalog Catalog = InstrumentCatalog.LoadEmbedded();
    private static readonly Instrument PsychologicalSafety = Catalog.Latest("team-psychological-safety")!;
    private static readonly InstrumentRole TeamMember = PsychologicalSafety.Roles.Single();

    private static Respondent Member(Dictionary<string, int> answers) => new("team-member", new RespondentAnswers { Answers = answers });

    [Fact]
    public void The_psychological_safety_instrument_has_seven_items_on_a_seven_point_scale_with_items_1_3_5_reversed()
    {
        Assert.Equal(7, PsychologicalSafety.Items.Count);
        Assert.Equal((1, 7), (PsychologicalSafety.Scale.Min, PsychologicalSafety.Scale.Max));
        Assert.Equal(["ps1", "ps3", "ps5"], PsychologicalSafety.Items.Where(i => i.Reverse).Select(i => i.Id));
        Assert.Contains("Edmondson", PsychologicalSafety.Source.Nl);
        Assert.Contains("1999", PsychologicalSafety.Source.En);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 6)]
    [InlineData(4, 4)]
    [InlineData(7, 1)]
    public void A_reverse_item_scores_eight_minus_the_answer(int answer, double expected) =>
        Assert.Equal(expected, Scorer.ItemValue(PsychologicalSafety.Items[0], answer, PsychologicalSafety.Scale));

    [Fact]
    public void A_normal_item_scores_the_answer() =>
        Assert.Equal(5, Scorer.ItemValue(PsychologicalSafety.Items[1], 5, PsychologicalSafety.Scale));

    [Fact]
    public void The_score_is_the_mean_over_respondents_of_their_item_means_after_reversal()
    {
        // Respondent A: all 7 → reversed items give 1: (1+7+1+7+1+7+7)/7 = 31/7.
        // Respondent B: reversed items 1 → 7, others 7: 49/7 = 7.
        var a = Answers(7, 7, 7, 7, 7, 7, 7);
        var b = Answers(1, 7, 1, 7, 1, 7, 7);

        var scores = Scorer.Score(PsychologicalSafety, [Member(a), Member(b)]);
        var score = Assert.Single(scores.Overall);

        Assert.Equal("psychological-safety", score.Dimension);
        Assert.Equal(((31.0 / 7) + 7) / 2, score.Mean, 10);
        Assert.Equal((score.Mean - 1) / 6 * 100, score.Score, 10);
        Assert.Equal(2, score.Respondents);
        Assert.Equal(score.Mean, Assert.Single(Assert.Single(scores.Roles).Dimensions).Mean, 10);
    }

    [Fact]
    public void The_most_unsafe_answers_score_zero_and_the_safest_one_hundred()
    {
        Assert.Equal(0, Scorer.Score(PsychologicalSafety, [Member(Answers(7, 1, 7, 1, 7, 1, 1))]).Overall[0].Score, 10);
        Assert.Equal(100, Scorer.Score(PsychologicalSafety, [Member(Answers(1, 7, 1, 7, 1, 7, 7))]).Overall[0].Score, 10);
    }

    [Fact]
    public void Missing_out_of_range_and_unknown_answers_are_each_reported()
    {
        var answers = Answers(1, 2, 3, 4, 5, 6, 7);
        answers.Remove("ps2");
        answers["ps3"] = 8;
        answers["ps4"] = 0;
        answers["extra"] = 3;

        var problems = Scorer.Check(PsychologicalSafety, TeamMember, new RespondentAnswers { Answers = answers }, complete: true);

        Assert.Contains(problems, p => p.Field == "answers.ps2");
        Assert.Contains(problems, p => p.Field == "answers.ps3");
        Assert.Contains(problems, p => p.Field == "answers.ps4");
        Assert.Contains(problems, p => p.Message.Contains("'extra'"));
        Assert.Empty(Scorer.Check(PsychologicalSafety, TeamMember, new RespondentAnswers { Answers = Answers(1, 2, 3, 4, 5, 6, 7) }, complete: true));

        // A partial save may leave items out, never answer beyond the role or the scale.
        var partial = new RespondentAnswers { Answers = new() { ["ps1"] = 3 } };
        Assert.Empty(Scorer.Check(PsychologicalSafety, TeamMember, partial, complete: false));
        Assert.NotEmpty(Scorer.Check(PsychologicalSafety, TeamMember, new RespondentAnswers { Answers = new() { ["ps1"] = 9 } }, complete: false));
        Assert.NotEmpty(Scorer.Check(PsychologicalSafety, TeamMember, new RespondentAnswers { Ratings = new() { ["ps1"] = new Rating(3, 4) } }, complete: false));
    }

    [Fact]
    public void An_instrument_whose_dimension_names_an_unknown_item_is_refused_at_load()
    {
        var broken = PsychologicalSafety with { Dimensions = [new InstrumentDimension("x", new LocalizedText("X"), ["ps1", "nope"])] };

        Assert.Throws<InstrumentDefinitionException>(() => new InstrumentCatalog([broken]));
    }

    [Fact]
    public void The_quickscan_scores_employer_and_employees_side_by_side_and_together_with_reversed_items()
    {
        var quickscan = Catalog.Find("learning-culture-quickscan", 1)!;
        var items = quickscan.Roles[0].Items;

        // Every answer 4, but sm1 (reversed) answered 2 → 6 − 2 = 4 after reversal; sm2 answered 1.
        Dictionary<string, int> Sheet(int all, int sm2) => items.ToDictionary(id => id, id => id switch { "sm1" => 6 - all, "sm2" => sm2, _ => all });
        var employer = new Respondent("employer", new RespondentAnswers { Answers = Sheet(4, 1) });
        var employees = new[] { 2, 3, 5 }.Select(v => new Respondent("employee", new RespondentAnswers { Answers = Sheet(v, 5) })).ToList();

        var scores = Scorer.Score(quickscan, [employer, .. employees]);

        var employerMismatch = scores.Roles.Single(r => r.Role == "employer").Dimensions.Single(d => d.Dimension == "skills-mismatch");
        Assert.Equal((4.0 + 1) / 2, employerMismatch.Mean, 10);
        Assert.Equal((2.5 - 1) / 4 * 100, employerMismatch.Score, 10);
        var employeeMismatch = scores.Roles.Single(r => r.Role == "employee").Dimensions.Single(d => d.Dimension == "skills-mismatch");
        // Per employee (v + 5) / 2: 3.5, 4 and 5; their mean 25/6, their quartiles 3.75, 4 and 4.5.
        Assert.Equal(25.0 / 6, employeeMismatch.Mean, 10);
        Assert.Equal(new Quartiles(3.75, 4, 4.5), employeeMismatch.Spread);
        Assert.Equal((2.5 + 3.5 + 4 + 5) / 4, scores.Overall.Single(d => d.Dimension == "skills-mismatch").Mean, 10);
        Assert.Equal((2 + 3 + 5) / 3.0, scores.Roles.Single(r => r.Role == "employee").Dimensions.Single(d => d.Dimension == "formal-learning").Mean, 10);
        Assert.Equal((1, 3, 4), (scores.Roles[0].Respondents, scores.Roles[1].Respondents, scores.Respondents));
        Assert.Empty(scores.Classifications);
    }

    [Fact]
    public void The_action_scan_scores_now_wanted_and_the_gap_per_factor()
    {
        var action = Catalog.Find("llo-action-scan", 1)!;
        Respondent Participant(int now, int wanted, int toolsNow) => new("participant", new RespondentAnswers
        {
            Ratings = action.Roles[0].Items.ToDictionary(id => id, id => new Rating(id.StartsWith("dt", StringComparison.Ordinal) ? toolsNow : now, wanted)),
        });

        var scores = Scorer.Score(action, [Participant(2, 5, 1), Participant(3, 4, 2), Participant(3, 5, 3)]);

        var tools = scores.Overall.Single(d => d.Dimension == "digital-tools");
        Assert.Equal((2.0, 14.0 / 3, 14.0 / 3 - 2), (tools.Mean, tools.Wanted!.Value, tools.Gap!.Value));
        Assert.Equal((14.0 / 3 - 1) / 4 * 100, tools.WantedScore!.Value, 10);
        var guidance = scores.Overall.Single(d => d.Dimension == "guidance-and-engagement");
        Assert.Equal(14.0 / 3 - 8.0 / 3, guidance.Gap!.Value, 10);
        Assert.True(tools.Gap > guidance.Gap);
    }

    [Theory]
    [InlineData(6, 6, "learning-zone")]
    [InlineData(6, 2, "comfort-zone")]
    [InlineData(2, 6, "hyper-zone")]
    [InlineData(2, 2, "zombie-zone")]
    public void The_learning_zone_classifies_by_the_cut_offs_with_reversed_items(int safety, int pressure, string zone)
    {
        var learningZone = Catalog.Find("learning-zone", 1)!;

        // lz-ps2 and lz-wp3 are reversed: answered 8 − x they count as x.
        var answers = new Dictionary<string, int>
        {
            ["lz-ps1"] = safety, ["lz-ps2"] = 8 - safety, ["lz-ps3"] = safety,
            ["lz-wp1"] = pressure, ["lz-wp2"] = pressure, ["lz-wp3"] = 8 - pressure,
        };
        var scores = Scorer.Score(learningZone, Enumerable.Repeat(new Respondent("team-member", new RespondentAnswers { Answers = answers }), 3).ToList());

        var classification = Assert.Single(scores.Classifications);
        Assert.Equal(("zone", zone, (double)safety, (double)pressure), (classification.Classification, classification.Zone, classification.X, classification.Y));
    }

    [Fact]
    public void A_mean_at_the_cut_off_counts_as_high()
    {
        var learningZone = Catalog.Find("learning-zone", 1)!;
        Respondent With(int value) => new("team-member", new RespondentAnswers
        {
            Answers = new() { ["lz-ps1"] = value, ["lz-ps2"] = 8 - value, ["lz-ps3"] = value, ["lz-wp1"] = value, ["lz-wp2"] = value, ["lz-wp3"] = 8 - value },
        });

        // Means (4 + 5) / 2 = 4.5 on both axes: the cut-off itself.
        Assert.Equal("learning-zone", Scorer.Score(learningZone, [With(4), With(5)]).Classifications.Single().Zone);
    }

    internal static Dictionary<string, int> Answers(params int[] values) =>
        values.Select((v, i) => (Key: $"ps{i + 1}", Value: v)).ToDictionary(x => x.Key, x => x.Value);
}
