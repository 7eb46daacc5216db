using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Scoring;

namespace Leercultuur.Scans.Tests;

public sealed class ScoringTests
{
    private static readonly Instrument PsychologicalSafety = InstrumentCatalog.LoadEmbedded().Latest("team-psychological-safety")!;

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

        var score = Assert.Single(Scorer.Score(PsychologicalSafety, [a, b]));

        Assert.Equal("psychological-safety", score.Dimension);
        Assert.Equal(((31.0 / 7) + 7) / 2, score.Mean, 10);
        Assert.Equal((score.Mean - 1) / 6 * 100, score.Score, 10);
        Assert.Equal((1, 7), (score.ScaleMin, score.ScaleMax));
    }

    [Fact]
    public void The_most_unsafe_answers_score_zero_and_the_safest_one_hundred()
    {
        Assert.Equal(0, Scorer.Score(PsychologicalSafety, [Answers(7, 1, 7, 1, 7, 1, 1)])[0].Score, 10);
        Assert.Equal(100, Scorer.Score(PsychologicalSafety, [Answers(1, 7, 1, 7, 1, 7, 7)])[0].Score, 10);
    }

    [Fact]
    public void Missing_out_of_range_and_unknown_answers_are_each_reported()
    {
        var answers = Answers(1, 2, 3, 4, 5, 6, 7);
        answers.Remove("ps2");
        answers["ps3"] = 8;
        answers["ps4"] = 0;
        answers["extra"] = 3;

        var problems = Scorer.Check(PsychologicalSafety, answers);

        Assert.Contains(problems, p => p.Field == "answers.ps2");
        Assert.Contains(problems, p => p.Field == "answers.ps3");
        Assert.Contains(problems, p => p.Field == "answers.ps4");
        Assert.Contains(problems, p => p.Message.Contains("'extra'"));
        Assert.Empty(Scorer.Check(PsychologicalSafety, Answers(1, 2, 3, 4, 5, 6, 7)));
    }

    [Fact]
    public void An_instrument_whose_dimension_names_an_unknown_item_is_refused_at_load()
    {
        var broken = PsychologicalSafety with { Dimensions = [new InstrumentDimension("x", new LocalizedText("X"), ["ps1", "nope"])] };

        Assert.Throws<InstrumentDefinitionException>(() => new InstrumentCatalog([broken]));
    }

    internal static Dictionary<string, int> Answers(params int[] values) =>
        values.Select((v, i) => (Key: $"ps{i + 1}", Value: v)).ToDictionary(x => x.Key, x => x.Value);
}
