//! HTTP-level tests: the real router on a real port, against a fresh SQLite file and a fresh
//! PostgreSQL database (created here, dropped afterwards). Every test runs on both.

mod helpers;
#[path = "../../support/process.rs"]
mod process;

mod accounts;
mod admin;
mod board;
mod booking_changes;
mod booking_links;
mod booking_lists;
mod bookings;
mod calendars;
mod catalogue;
mod database;
mod inbox;
mod notifications;
mod organizations;
mod outbox;
mod pages;
mod partners;
mod photos;
mod reminders;
mod security;
