import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions.js';

const people = [
  { id: 'a', name: 'Sara Aliyeva', email: 'sara.aliyeva@x.test' },
  { id: 'b', name: 'Sara Mammadova', email: 'smammadova@x.test' },
  { id: 'c', name: 'Omar Haddad', email: 'omar.h@x.test' },
  { id: 'd', name: 'ليلى حسن', email: 'layla@x.test' },
];

describe('findMentions', () => {
  it('finds full names, unique first names and email handles', () => {
    expect(findMentions('@Sara Aliyeva please check', people)).toEqual(['a']);
    expect(findMentions('ask @omar about it', people)).toEqual(['c']);
    expect(findMentions('cc @smammadova.', people)).toEqual(['b']);
    expect(findMentions('@ليلى حسن راجعي', people)).toEqual(['d']);
  });
  it('does not guess between two people with the same first name', () => {
    expect(findMentions('@Sara can you look', people)).toEqual([]);
  });
  it('ignores email addresses and partial words', () => {
    expect(findMentions('write to me@omar.h', people)).toEqual([]);
    expect(findMentions('@omarx', people)).toEqual([]);
  });
  it('lists each person once', () => {
    expect(findMentions('@Omar and again @Omar Haddad', people)).toEqual(['c']);
  });
});
