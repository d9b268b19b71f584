using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Service.Tests.Settings;

/// <summary>The settings as every command reads them: bound the options way, every bad one named in the user's words.</summary>
public sealed class SettingsTests
{
    private static Loaded Load(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkerSettings().BuildServiceProvider();
        services.GetRequiredService<SettingsCheck>().ThrowIfAny();
        return Loaded.From(services);
    }

    private static IReadOnlyList<string> Problems(params (string Key, string? Value)[] settings) =>
        Assert.Throws<OptionsValidationException>(() => Load(settings)).Failures.ToList();

    [Fact]
    public void Defaults_are_a_quorum_queue_envelopes_the_local_broker_and_the_engine_s_own_bounds()
    {
        var settings = Load();

        Assert.Equal(QueueKind.Quorum, settings.Endpoint.QueueType);
        Assert.Equal(OutputFormat.Envelope, settings.Endpoint.Output);
        Assert.Equal("amqp://localhost:5672/", settings.Broker.Broker);
        Assert.Equal(Environment.MachineName, settings.Host.Host);
        Assert.Equal(new Brick.Engine.Core.EngineOptions(), settings.EngineOptions());
    }

    [Fact]
    public void An_empty_json_array_is_an_empty_list()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream("""{ "Brick": { "BrokerNodes": [], "SysRoot": "/", "DevRoot": "/" } }"""u8.ToArray()))
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkerSettings().BuildServiceProvider();

        Assert.Empty(services.GetRequiredService<IOptions<BrokerSettings>>().Value.BrokerNodes);
    }

    [Fact]
    public void Settings_given_are_bound_and_reach_the_engine()
    {
        var settings = Load(("Brick:Host", "compute-07"), ("Brick:QueueType", "classic"), ("Brick:MaxConcurrency", "8"),
            ("Brick:OperationTimeout", "00:00:20"), ("Brick:BrokerNodes:0", "rabbit-2"), ("Brick:SysRoot", "/"));

        Assert.Equal(("compute-07", QueueKind.Classic, 8), (settings.Host.Host, settings.Endpoint.QueueType, settings.Endpoint.MaxConcurrency));
        Assert.Equal(["rabbit-2"], settings.Broker.BrokerNodes);
        Assert.Equal(8, settings.EngineOptions().MaxConcurrentOperations);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.EngineOptions().OperationTimeout);
        Assert.Equal("/", settings.Engine.Roots().SysRoot);
    }

    [Fact]
    public void Local_device_patterns_replace_the_default_and_reach_the_engine_with_RequireWwid()
    {
        var settings = Load(("Brick:LocalDevicePatterns:0", "/dev/vg0/*"), ("Brick:LocalDevicePatterns:1", "/dev/loop1?"), ("Brick:RequireWwid", "true"));

        Assert.Equal(["/dev/vg0/*", "/dev/loop1?"], settings.EngineOptions().LocalDevicePatterns);
        Assert.True(settings.EngineOptions().RequireWwid);
        Assert.Equal(["/dev/loop*"], Load().EngineOptions().LocalDevicePatterns);
        Assert.False(Load().EngineOptions().RequireWwid);
    }

    [Fact]
    public void A_local_device_pattern_outside_dev_is_refused()
    {
        var problems = Problems(("Brick:LocalDevicePatterns:0", "/dev/loop*"), ("Brick:LocalDevicePatterns:1", "/etc/*"), ("Brick:LocalDevicePatterns:2", "/dev/../sda"));

        Assert.StartsWith("Brick:LocalDevicePatterns '/etc/*', '/dev/../sda' are not patterns under /dev/", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_bad_values_give_one_line_each_in_the_user_s_words()
    {
        var problems = Problems(("Brick:QueueType", "Quorom"), ("Brick:MaxConcurrency", "x"));

        Assert.Equal(
            ["Brick:MaxConcurrency 'x' is not a whole number.", "Brick:QueueType 'Quorom' is not one of Quorum, Classic."],
            problems.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Brick:RetryMaxDelay", "soon", "Brick:RetryMaxDelay 'soon' is not a duration such as 00:00:30 (hh:mm:ss).")]
    [InlineData("Brick:Simulate", "yes", "Brick:Simulate 'yes' is not true or false.")]
    [InlineData("Brick:LogFormat", "Text", "Brick:LogFormat 'Text' is not one of Human, Json.")]
    [InlineData("Brick:MaxConcurrency", "", "Brick:MaxConcurrency '' is not a whole number.")]
    [InlineData("Brick:Host:Name", "compute-07", "Brick:Host has keys under it (Brick:Host:Name); give it one value.")]
    [InlineData("Brick:BrokerNodes", "rabbit-2", "Brick:BrokerNodes is a list: give each item its own key, Brick:BrokerNodes:0, Brick:BrokerNodes:1, … (Brick__BrokerNodes__0 in the environment).")]
    public void A_value_that_does_not_convert_is_named_without_a_dotnet_type(string key, string value, string problem)
    {
        var problems = Problems((key, value));

        Assert.Equal([problem], problems);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_with_the_setting_it_resembles()
    {
        Assert.Equal(["Brick:Brokr is not a setting (did you mean Broker?)."], Problems(("Brick:Brokr", "amqp://rabbit/")));
        Assert.Equal(["Brick:Colour is not a setting."], Problems(("Brick:Colour", "blue")));
    }

    [Fact]
    public void Every_broken_rule_is_named_with_its_key()
    {
        var problems = Problems(
            ("Brick:Host", "not a host"), ("Brick:Broker", "http://rabbit/"), ("Brick:MaxConcurrency", "0"), ("Brick:SysRoot", "/nonexistent-sys"),
            ("Brick:RetryMaxDelay", "00:00:00.001"), ("Brick:OperationTimeout", "2.00:00:00"), ("Brick:Multipathd", "multipathd"),
            ("Brick:CryptKeyDirectory", "/nonexistent-keys"));

        Assert.Equal(
            ["Broker", "CryptKeyDirectory", "Host", "MaxConcurrency", "Multipathd", "OperationTimeout", "RetryMaxDelay", "SysRoot"],
            problems.Select(p => p.Split(' ')[0]["Brick:".Length..]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_default_settings_hold_one_delivery_well_under_RabbitMQ_s_default_consumer_timeout()
    {
        var s = Load();
        // Each try: a wait for the volume's turn and a slot (up to OperationTimeout), the operation, the publish; then back-off.
        var worst = ((2 * s.Engine.OperationTimeout) + s.Endpoint.PublishTimeout) * (s.Endpoint.RetryLimit + 1) + (s.Endpoint.RetryMaxDelay * s.Endpoint.RetryLimit);

        Assert.True(worst < TimeSpan.FromMinutes(30), $"one delivery can be held {worst}, past RabbitMQ's default consumer_timeout (30 min)");
        Assert.True(DeliveryBudget.WorstCase(s.Endpoint, DeliveryBudget.Run.Of(new ConfigurationBuilder().Build())) < s.Endpoint.BrokerConsumerTimeout);
    }

    [Fact]
    public void Settings_that_could_hold_one_delivery_past_the_consumer_timeout_are_refused_with_the_sum()
    {
        static Loaded Run(params (string Key, string? Value)[] settings)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
                .Build();
            using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkerSettings().AddDeliveryBudgetCheck(DeliveryBudget.Run)
                .BuildServiceProvider();
            services.GetRequiredService<SettingsCheck>().ThrowIfAny();
            return Loaded.From(services);
        }

        var problem = Assert.Single(Assert.Throws<OptionsValidationException>(() => Run(("Brick:RetryLimit", "5"))).Failures);

        Assert.StartsWith("Brick:BrokerConsumerTimeout 00:30:00 is not above the longest one delivery can be held, 00:40:00 ", problem, StringComparison.Ordinal);
        Assert.Equal(5, Run(("Brick:RetryLimit", "5"), ("Brick:BrokerConsumerTimeout", "01:00:00")).Endpoint.RetryLimit);
        Assert.Equal(5, Load(("Brick:RetryLimit", "5")).Endpoint.RetryLimit); // extend, check, replay: they hold no delivery
    }

    [Fact]
    public void A_delivery_budget_asked_for_twice_is_judged_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Brick:RetryLimit", "5")]).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkerSettings()
            .AddDeliveryBudgetCheck(DeliveryBudget.Run).AddDeliveryBudgetCheck(DeliveryBudget.Run)
            .BuildServiceProvider();

        var problem = Assert.Single(services.GetRequiredService<SettingsCheck>().Problems());
        Assert.StartsWith("Brick:BrokerConsumerTimeout ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_keys_of_a_concern_the_command_does_not_read_are_settings_once_handed_to_the_check()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Brick:ReadinessInterval", "00:00:01"), new("Brick:SysRoot", "/"), new("Brick:DevRoot", "/")])
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddSettings<EngineSettings, EngineSettingsValidator>().BuildServiceProvider();
        using var handed = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddSettings<EngineSettings, EngineSettingsValidator>().AddSettingsKeys(typeof(HttpSettings)).BuildServiceProvider();

        Assert.Equal(["Brick:ReadinessInterval is not a setting."], services.GetRequiredService<SettingsCheck>().Problems());
        Assert.Empty(handed.GetRequiredService<SettingsCheck>().Problems());
    }

    [Fact]
    public void Every_concern_s_problems_are_named_at_once()
    {
        var problems = Problems(("Brick:Http", "0.0.0.0"), ("Brick:QueueType", "Quorom"), ("Brick:RetryLimit", "99"));

        Assert.Equal(["Brick:Http", "Brick:QueueType", "Brick:RetryLimit"], problems.Select(p => p.Split(' ')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_host_name_too_long_for_the_error_queue_s_name_is_refused()
    {
        var problems = Problems(("Brick:Host", new string('h', HostSettingsValidator.MaxHostLength + 1)));

        Assert.StartsWith("Brick:Host ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:02.500")]
    [InlineData("00:10:01")]
    public void A_broker_heartbeat_that_is_not_whole_seconds_from_one_to_six_hundred_is_refused(string heartbeat)
    {
        var problems = Problems(("Brick:BrokerHeartbeat", heartbeat));

        Assert.StartsWith("Brick:BrokerHeartbeat ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.500")]
    [InlineData("01:00:01")]
    [InlineData("-00:00:30")]
    public void An_idle_release_time_outside_one_second_to_one_hour_is_refused(string after)
    {
        Assert.Equal([$"Brick:IdleReleaseAfter is {TimeSpan.Parse(after, System.Globalization.CultureInfo.InvariantCulture)}; use 00:00:01 to 01:00:00."],
            Problems(("Brick:IdleReleaseAfter", after)));
    }

    [Fact]
    public void A_broker_heartbeat_of_whole_seconds_is_kept()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Load(("Brick:BrokerHeartbeat", "00:00:05")).Broker.BrokerHeartbeat);
    }

    [Fact]
    public void An_empty_crypt_key_directory_means_none()
    {
        Assert.Null(Load(("Brick:CryptKeyDirectory", "")).EngineOptions().CryptKeyDirectory);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("@/org/kernel/linux/storage/multipathd")]
    [InlineData("/run/multipathd.socket")]
    public void MultipathdSocket_takes_off_an_abstract_name_or_an_absolute_path_to_the_engine(string value)
    {
        Assert.Equal(value, Load(("Brick:MultipathdSocket", value)).EngineOptions().MultipathdSocket);
        Assert.Null(Load(("Brick:MultipathdSocket", "")).EngineOptions().MultipathdSocket);
    }

    [Theory]
    [InlineData("run/multipathd.socket")]
    [InlineData("@")]
    [InlineData("none")]
    public void MultipathdSocket_refuses_anything_else(string value)
    {
        Assert.Contains(Problems(("Brick:MultipathdSocket", value)), p => p.Contains("MultipathdSocket", StringComparison.Ordinal));
    }

    [Fact]
    public void A_simulated_host_needs_no_sys_or_dev_root()
    {
        var settings = Load(("Brick:Simulate", "true"), ("Brick:SysRoot", "/nonexistent-sys"), ("Brick:DevRoot", "/nonexistent-dev"));

        Assert.True(settings.Engine.Simulate);
    }

    [Fact]
    public void The_simulated_host_s_section_is_left_to_it_and_a_key_beside_it_is_still_named()
    {
        // Brick:Simulation is Brick.Simulation's to bind and check (run --simulate); the worker's check names none of it.
        var problems = Problems(
            ("Brick:Simulation:Rules:0:Fail", "Misrouted"), ("Brick:simulation:Lanes:0", "x"), ("Brick:Simulations", "x"),
            ("Brick:SysRoot", "/"), ("Brick:DevRoot", "/"));

        Assert.Equal(["Brick:Simulations is not a setting."], problems);
    }

    [Fact]
    public void A_password_in_a_bad_broker_uri_is_never_repeated()
    {
        var problems = Problems(("Brick:Broker", "http://admin:s3cret-pw@rabbit/"));

        Assert.DoesNotContain(problems, p => p.Contains("s3cret-pw", StringComparison.Ordinal));
    }

    [Fact]
    public void The_options_and_the_monitor_that_checks_them_at_start_share_one_instance()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddWorkerSettings()
            .BuildServiceProvider();

        Assert.Same(services.GetRequiredService<IOptionsMonitor<HostSettings>>().CurrentValue, services.GetRequiredService<IOptions<HostSettings>>().Value);
    }

    [Fact]
    public void Other_sections_are_not_the_settings_concern()
    {
        var settings = Load(("Serilog:MinimumLevel:Default", "Debug"), ("Unrelated", "x"));

        Assert.Equal(LogFormat.Human, settings.Host.LogFormat);
    }

    /// <summary>The service's settings of every concern, as a command reads them.</summary>
    private sealed record Loaded(HostSettings Host, BrokerSettings Broker, EndpointSettings Endpoint, EngineSettings Engine)
    {
        public static Loaded From(IServiceProvider services) => new(
            services.GetRequiredService<IOptions<HostSettings>>().Value, services.GetRequiredService<IOptions<BrokerSettings>>().Value,
            services.GetRequiredService<IOptions<EndpointSettings>>().Value, services.GetRequiredService<IOptions<EngineSettings>>().Value);

        /// <summary>The engine's bounds, as the composition makes them.</summary>
        public Brick.Engine.Core.EngineOptions EngineOptions() => Engine.Engine(Endpoint.MaxConcurrency);
    }
}
