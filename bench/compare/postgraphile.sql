-- Bench-only: what a PostGraphile v5 user would add to expose the same figures as the product.
-- Applied to the benchmark database by bench/compare/postgraphile-server.ts (idempotent); it lives
-- in its own schema so the product's schema stays as migrated.
drop schema if exists bench_pgl cascade; -- with its types, and the functions that return them
drop function if exists public.station_effective_status(public.station);
create schema bench_pgl;

create or replace function bench_pgl.co2e(material text, outcome text, quantity numeric, mass_kg numeric, which text)
returns numeric stable language sql as $$
  select coalesce(sum(case when f.unit = 'PER_ITEM' then quantity else mass_kg end
      * case which when 'low' then f.low when 'high' then f.high else f.value end
      * case when outcome = 'REUSED' then s.displacement_rate else 1 end), 0)
  from public.emission_factor_set s
  join public.emission_factor f on f.factor_set_id = s.id and f.material_code = material and f.outcome = co2e.outcome
  where s.is_default
$$;

create type bench_pgl.period_totals as (
    items bigint, drop_offs bigint, kg_recycled numeric, kg_reused numeric, items_reused bigint,
    co2e_central numeric, co2e_low numeric, co2e_high numeric);

-- Computed column Station.totals(fromDay, toDay): the station's totals over a period, with CO2e.
create or replace function public.station_totals(s public.station, from_day date, to_day date)
returns bench_pgl.period_totals stable language sql as $$
  select coalesce(sum(t.quantity), 0)::bigint, coalesce(sum(t.entries), 0)::bigint,
    coalesce(sum(t.mass_kg) filter (where t.outcome = 'RECYCLED'), 0),
    coalesce(sum(t.mass_kg) filter (where t.outcome = 'REUSED'), 0),
    coalesce(sum(t.quantity) filter (where t.outcome = 'REUSED'), 0)::bigint,
    round(coalesce(sum(bench_pgl.co2e(t.material_code, t.outcome, t.quantity, t.mass_kg, 'central')), 0), 3),
    round(coalesce(sum(bench_pgl.co2e(t.material_code, t.outcome, t.quantity, t.mass_kg, 'low')), 0), 3),
    round(coalesce(sum(bench_pgl.co2e(t.material_code, t.outcome, t.quantity, t.mass_kg, 'high')), 0), 3)
  from public.station_day_total t
  where t.station_id = s.id and t.day between from_day and to_day
$$;

-- Computed column Station.effectiveStatus: STALE after 24 h without a report.
create or replace function public.station_effective_status(s public.station) returns text stable language sql as $$
  select case when s.status in ('CLOSED', 'MAINTENANCE') then s.status
    when s.last_reported_at is null or s.last_reported_at < now() - interval '24 hours' then 'STALE'
    else s.status end
$$;

create type bench_pgl.city_summary as (
    city_code text, stations bigint, open_count bigint, full_count bigint, stale_count bigint,
    items bigint, drop_offs bigint, kg_recycled numeric, kg_reused numeric, items_reused bigint,
    co2e_central numeric, co2e_low numeric, co2e_high numeric);

-- Query.citySummary(city, fromDay, toDay): status counts now and totals over a period, with CO2e.
create or replace function public.city_summary(city text, from_day date, to_day date)
returns bench_pgl.city_summary stable language sql as $$
  with st as (
    select count(*) as n,
      count(*) filter (where public.station_effective_status(s) = 'OPEN') as open,
      count(*) filter (where public.station_effective_status(s) = 'FULL') as full_count,
      count(*) filter (where public.station_effective_status(s) = 'STALE') as stale
    from public.station s where s.city_code = city
  ), tot as (
    select coalesce(sum(t.quantity), 0)::bigint as items, coalesce(sum(t.entries), 0)::bigint as drop_offs,
      coalesce(sum(t.mass_kg) filter (where t.outcome = 'RECYCLED'), 0) as kg_recycled,
      coalesce(sum(t.mass_kg) filter (where t.outcome = 'REUSED'), 0) as kg_reused,
      coalesce(sum(t.quantity) filter (where t.outcome = 'REUSED'), 0)::bigint as items_reused,
      round(coalesce(sum(bench_pgl.co2e(t.material_code, t.outcome, t.quantity, t.mass_kg, 'central')), 0), 3) as c,
      round(coalesce(sum(bench_pgl.co2e(t.material_code, t.outcome, t.quantity, t.mass_kg, 'low')), 0), 3) as l,
      round(coalesce(sum(bench_pgl.co2e(t.material_code, t.outcome, t.quantity, t.mass_kg, 'high')), 0), 3) as h
    from public.city_day_total t where t.city_code = city and t.day between from_day and to_day
  )
  select city, st.n, st.open, st.full_count, st.stale, tot.items, tot.drop_offs, tot.kg_recycled, tot.kg_reused,
    tot.items_reused, tot.c, tot.l, tot.h
  from st, tot
$$;
