namespace Infra.Footprint;

/// <summary>A sum over containers of one quantity, and how many containers did not set it (left out of the sum).</summary>
public readonly record struct ResourceSum(decimal Amount, int NotSet)
{
    public static ResourceSum Zero => default;

    public ResourceSum Add(decimal? value, int times) =>
        value is { } v ? new ResourceSum(Amount + (v * times), NotSet) : new ResourceSum(Amount, NotSet + 1);

    public ResourceSum Plus(ResourceSum other) => new(Amount + other.Amount, NotSet + other.NotSet);
}
