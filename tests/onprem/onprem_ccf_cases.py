"""Expected values from Cloud Carbon Footprint's own tests (Apache-2.0).

Source: github.com/cloud-carbon-footprint/cloud-carbon-footprint at b7a049c7 (2024-03-25),
packages/on-premise/src/__tests__/OnPremiseDataReport.test.ts and
packages/cli/src/__tests__/EstimateOnPremiseData (snapshot). Numbers are the tests' literals,
compared for exact float equality as the upstream tests do (Jest toEqual).
"""

COMMON = {
    "cpuDescription": "Intel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz",
    "machineName": "test-machine-name",
    "startTime": "2022-01-17T13:38:18Z",
    "endTime": "2022-01-24T18:22:29.918423Z",
    "cost": 93.12,
    "dailyUptime": 4,
    "weeklyUptime": 12,
    "monthlyUptime": 36,
    "annualUptime": 36,
}

# (id, row fields beyond COMMON, machine-type defaults, expected computed fields)
ESTIMATE_CASES = [
    (
        'report_compute_only',
        {'memory': 127.626953125, 'machineType': 'server', 'country': 'United States'},
        {},
        {
            'dailyKilowattHours': 2.597204,
            'dailyCo2e': 0.00110105866376,
            'weeklyKilowattHours': 7.791612000000001,
            'weeklyCo2e': 0.00330317599128,
            'monthlyKilowattHours': 23.374836000000002,
            'monthlyCo2e': 0.009909527973840001,
            'annualKilowattHours': 23.374836000000002,
            'annualCo2e': 0.009909527973840001,
        },
    ),
    (
        'report_compute_plus_memory',
        {'memory': 1319.033203125, 'machineType': 'server', 'country': 'United States'},
        {},
        {
            'dailyKilowattHours': 4.0190003762044,
            'dailyCo2e': 0.0017038150194880932,
            'weeklyKilowattHours': 12.057001128613202,
            'weeklyCo2e': 0.00511144505846428,
            'monthlyKilowattHours': 36.171003385839605,
            'monthlyCo2e': 0.01533433517539284,
            'annualKilowattHours': 36.171003385839605,
            'annualCo2e': 0.01533433517539284,
        },
    ),
    (
        'report_row_util_pue_us_region',
        {'memory': 1319.033203125, 'machineType': 'server', 'country': 'United States', 'cpuUtilization': 45, 'powerUsageEffectiveness': 1.45, 'region': 'Texas'},
        {},
        {
            'dailyKilowattHours': 3.501534130061,
            'dailyCo2e': 0.0014507556207668734,
            'weeklyKilowattHours': 10.504602390183,
            'weeklyCo2e': 0.00435226686230062,
            'monthlyKilowattHours': 31.513807170548997,
            'monthlyCo2e': 0.013056800586901859,
            'annualKilowattHours': 31.513807170548997,
            'annualCo2e': 0.013056800586901859,
        },
    ),
    (
        'report_unknown_cpu_no_country',
        {'cpuDescription': 'Intel(R) Xeon(R) Amber 4114 CPU @ 2.20GHz', 'memory': 1319.033203125, 'machineType': 'server'},
        {},
        {
            'dailyKilowattHours': 3.814168262922688,
            'dailyCo2e': 0.0012313338084172039,
            'weeklyKilowattHours': 11.442504788768062,
            'weeklyCo2e': 0.0036940014252516114,
            'monthlyKilowattHours': 34.327514366304186,
            'monthlyCo2e': 0.011082004275754835,
            'annualKilowattHours': 34.327514366304186,
            'annualCo2e': 0.011082004275754835,
        },
    ),
    (
        'report_invalid_machine_type',
        {'cpuDescription': 'Intel(R) Xeon(R) Amber 4114 CPU @ 2.20GHz', 'memory': 1319.033203125, 'machineType': 'invalid'},
        {},
        {
            'dailyKilowattHours': 3.814168262922688,
            'dailyCo2e': 0.0012313338084172039,
            'weeklyKilowattHours': 11.442504788768062,
            'weeklyCo2e': 0.0036940014252516114,
            'monthlyKilowattHours': 34.327514366304186,
            'monthlyCo2e': 0.011082004275754835,
            'annualKilowattHours': 34.327514366304186,
            'annualCo2e': 0.011082004275754835,
        },
    ),
    (
        'report_config_server_cpu_util_45',
        {'memory': 127.626953125, 'machineType': 'server', 'country': 'United States'},
        {'server': {'cpu_utilization': 45}},
        {
            'dailyKilowattHours': 2.3936684,
            'dailyCo2e': 0.001014771781496,
            'weeklyKilowattHours': 7.181005200000001,
            'weeklyCo2e': 0.0030443153444880003,
            'monthlyKilowattHours': 21.5430156,
            'monthlyCo2e': 0.009132946033464,
            'annualKilowattHours': 21.5430156,
            'annualCo2e': 0.009132946033464,
        },
    ),
    (
        'report_config_server_avg_watts_350',
        {'memory': 127.626953125, 'machineType': 'server', 'country': 'United States'},
        {'server': {'average_watts': 350}},
        {
            'dailyKilowattHours': 2.212,
            'dailyCo2e': 0.00093775528,
            'weeklyKilowattHours': 6.636,
            'weeklyCo2e': 0.00281326584,
            'monthlyKilowattHours': 19.908,
            'monthlyCo2e': 0.00843979752,
            'annualKilowattHours': 19.908,
            'annualCo2e': 0.00843979752,
        },
    ),
    (
        'report_config_laptop_cpu_util_75',
        {'memory': 127.626953125, 'machineType': 'laptop', 'country': 'United States'},
        {'laptop': {'cpu_utilization': 75}},
        {
            'dailyKilowattHours': 3.6148820000000006,
            'dailyCo2e': 0.0015324930750800002,
            'weeklyKilowattHours': 10.844646000000003,
            'weeklyCo2e': 0.004597479225240001,
            'monthlyKilowattHours': 32.533938000000006,
            'monthlyCo2e': 0.013792437675720002,
            'annualKilowattHours': 32.533938000000006,
            'annualCo2e': 0.013792437675720002,
        },
    ),
    (
        'report_config_laptop_avg_watts_250',
        {'memory': 127.626953125, 'machineType': 'laptop', 'country': 'United States'},
        {'laptop': {'average_watts': 250}},
        {
            'dailyKilowattHours': 1.58,
            'dailyCo2e': 0.0006698252,
            'weeklyKilowattHours': 4.74,
            'weeklyCo2e': 0.0020094756,
            'monthlyKilowattHours': 14.22,
            'monthlyCo2e': 0.0060284268,
            'annualKilowattHours': 14.22,
            'annualCo2e': 0.0060284268,
        },
    ),
    (
        'report_config_desktop_cpu_util_60',
        {'memory': 127.626953125, 'machineType': 'desktop', 'country': 'United States'},
        {'desktop': {'cpu_utilization': 60}},
        {
            'dailyKilowattHours': 3.0042752,
            'dailyCo2e': 0.001273632428288,
            'weeklyKilowattHours': 9.0128256,
            'weeklyCo2e': 0.0038208972848639998,
            'monthlyKilowattHours': 27.0384768,
            'monthlyCo2e': 0.011462691854592,
            'annualKilowattHours': 27.0384768,
            'annualCo2e': 0.011462691854592,
        },
    ),
    (
        'report_config_desktop_avg_watts_300',
        {'memory': 127.626953125, 'machineType': 'desktop', 'country': 'United States'},
        {'desktop': {'average_watts': 300}},
        {
            'dailyKilowattHours': 1.896,
            'dailyCo2e': 0.0008037902399999999,
            'weeklyKilowattHours': 5.688,
            'weeklyCo2e': 0.0024113707199999996,
            'monthlyKilowattHours': 17.064,
            'monthlyCo2e': 0.007234112159999999,
            'annualKilowattHours': 17.064,
            'annualCo2e': 0.007234112159999999,
        },
    ),
]

# CCF's example input file (packages/cli/src/__tests__/EstimateOnPremiseData) and its
# snapshot output, byte for byte.
EXAMPLE_INPUT_CSV = 'cpuDescription,machineName,memory,machineType,startTime,endTime,country,region,cost,cpuUtilization,powerUsageEffectiveness,dailyUptime,weeklyUptime,monthlyUptime,annualUptime\nIntel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz,test-machine-name,130690,server,2022-01-17T13:38:18Z,2022-01-24T18:22:29.918423Z,United States,Texas,93.12,,,4,12,36,36\n'
EXAMPLE_OUTPUT_CSV = 'cpuDescription,machineName,memory,machineType,startTime,endTime,country,region,cpuUtilization,powerUsageEffectiveness,cost,dailyUptime,dailyKilowattHours,dailyCo2e,weeklyUptime,weeklyKilowattHours,weeklyCo2e,monthlyUptime,monthlyKilowattHours,monthlyCo2e,annualUptime,annualKilowattHours,annualCo2e\nIntel(R) Xeon(R) Silver 4114 CPU @ 2.20GHz,test-machine-name,130690,server,2022-01-17T13:38:18Z,2022-01-24T18:22:29.918423Z,United States,Texas,,,93.12,4,324.5278083574544,0.1344583615586605,12,973.5834250723633,0.40337508467598154,36,2920.7502752170894,1.2101252540279446,36,2920.7502752170894,1.2101252540279446\n'
