using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace WeComGateway.Configuration.Tests;

/// <summary>The one way options are registered: bound, DataAnnotations (nested and in lists), own rules, full keys.</summary>
public sealed class ValidatedOptionsTests
{
    [Fact]
    public void A_valid_section_binds()
    {
        var options = Resolve<ShopOptions>("Shop", ("Shop:Name", "水果铺"), ("Shop:Shelves:0:Label", "A"), ("Shop:Till:Drawers", "2"));

        Assert.Equal("水果铺", options.Name);
        Assert.Equal("A", Assert.Single(options.Shelves).Label);
        Assert.Equal(2, options.Till.Drawers);
    }

    [Fact]
    public void A_Required_setting_inside_a_list_item_is_enforced_and_named_by_its_full_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            Resolve<ShopOptions>("Shop", ("Shop:Name", "水果铺"), ("Shop:Shelves:0:Label", "A"), ("Shop:Shelves:1:Capacity", "3")));

        Assert.Equal(["Shop:Shelves:1:Label is required."], failure.Failures);
    }

    [Fact]
    public void Attributes_of_nested_objects_are_checked_with_their_full_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<ShopOptions>("Shop", ("Shop:Name", "水果铺"), ("Shop:Till:Drawers", "9")));

        Assert.Contains("Shop:Till:Drawers", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_types_own_rules_run_on_nested_items_and_name_full_keys()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            Resolve<ShopOptions>("Shop", ("Shop:Name", "水果铺"), ("Shop:Shelves:0:Label", "A"), ("Shop:Shelves:0:Capacity", "0")));

        Assert.Equal(["Shop:Shelves:0:Capacity must be positive."], failure.Failures);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            Resolve<ShopOptions>("Shop", ("Shop:Shelves:0:Capacity", "0"), ("Shop:Till:Drawers", "9")));

        Assert.Equal(4, failure.Failures.Count()); // Name, Shelves:0:Label, Shelves:0:Capacity, Till:Drawers
        Assert.Contains("Shop:Name is required.", failure.Failures);
    }

    [Fact]
    public async Task A_host_with_an_invalid_section_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Shop:Shelves:0:Label", "A")]);
        builder.Services.AddValidatedOptions<ShopOptions>("Shop");
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Shop:Name is required.", failure.Failures);
    }

    [Fact]
    public async Task Settings_only_some_hosts_use_may_be_checked_at_first_use_instead_of_at_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Shop:Shelves:0:Label", "A")]);
        builder.Services.AddValidatedOptions<ShopOptions>("Shop", validateOnStart: false);
        using var host = builder.Build();

        await host.StartAsync();

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ShopOptions>>().Value);
        Assert.Contains("Shop:Name is required.", failure.Failures);
        await host.StopAsync();
    }

    [Fact]
    public void Registering_twice_binds_once()
    {
        var services = new ServiceCollection();
        var configuration = Configuration(("Shop:Name", "x"), ("Shop:Shelves:0:Label", "A"));
        services.AddValidatedOptions<ShopOptions>("Shop", configuration);
        services.AddValidatedOptions<ShopOptions>("Shop", configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetRequiredService<IOptions<ShopOptions>>().Value.Shelves);
    }

    [Fact]
    public void One_type_is_bound_to_one_section()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<ShopOptions>("Shop");

        Assert.Throws<InvalidOperationException>(() => services.AddValidatedOptions<ShopOptions>("Store"));
    }

    [Fact]
    public void Rules_read_the_hosts_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var settings = new[] { ("Shop:Name", "x"), ("Shop:OpenUntil", "2026-03-02T00:00:00Z") };

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), Resolve<ShopOptions>("Shop", clock, settings).OpenUntil);
        clock.Advance(TimeSpan.FromDays(2));
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<ShopOptions>("Shop", clock, settings));
        Assert.Equal(["Shop:OpenUntil is in the past."], failure.Failures);
    }

    internal static T Resolve<T>(string section, params (string Key, string Value)[] settings)
        where T : class => Resolve<T>(section, null, settings);

    internal static T Resolve<T>(string section, TimeProvider? clock, params (string Key, string Value)[] settings)
        where T : class
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddValidatedOptions<T>(section, Configuration(settings));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    internal static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    public sealed class ShopOptions : IValidatableOptions
    {
        [Required(ErrorMessage = "{0} is required.")]
        public string? Name { get; set; }

        public List<ShelfOptions> Shelves { get; set; } = [];

        public TillOptions Till { get; set; } = new();

        public DateTimeOffset? OpenUntil { get; set; }

        public void Validate(OptionsValidationContext context)
        {
            if (OpenUntil < context.Time.GetUtcNow())
            {
                context.Problem(nameof(OpenUntil), "is in the past.");
            }
        }
    }

    public sealed class ShelfOptions : IValidatableOptions
    {
        [Required(ErrorMessage = "{0} is required.")]
        public string? Label { get; set; }

        public int Capacity { get; set; } = 10;

        public void Validate(OptionsValidationContext context)
        {
            if (Capacity <= 0)
            {
                context.Problem(nameof(Capacity), "must be positive.");
            }
        }
    }

    public sealed class TillOptions
    {
        [Range(1, 4)]
        public int Drawers { get; set; } = 1;
    }
}
